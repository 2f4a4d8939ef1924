import { readFileSync } from 'node:fs';
import { expect, type FileChooser, type Page } from '@playwright/test';

/** A sample file under e2e/fixtures/attachments. */
export const attachmentFixture = (name: string) => new URL(`../fixtures/attachments/${name}`, import.meta.url);

/** Adds files the way a person does: the Attach button, then the browser's file chooser. */
export async function pickFiles(page: Page, files: Parameters<FileChooser['setFiles']>[0]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

/** A PDF as Rill sniffs it (the sample's bytes) padded with zeros to exactly `size` bytes. */
export function paddedPdf(size: number): Buffer {
  const sample = readFileSync(attachmentFixture('hello.pdf'));
  return Buffer.concat([sample, Buffer.alloc(size - sample.length)]);
}

/** The files in the composer, each a chip. */
export function attachedFiles(page: Page) {
  return page.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
}

/** Waits until every chip in the composer has finished uploading. */
export async function expectUploaded(page: Page, count: number): Promise<void> {
  await expect(attachedFiles(page)).toHaveCount(count);
  await expect(page.getByRole('list', { name: 'Attached files' }).locator('li[aria-busy="true"]')).toHaveCount(0);
}
