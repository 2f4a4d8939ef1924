import { readFileSync } from 'node:fs';
import type { FileChooser, Page } from '@playwright/test';

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
