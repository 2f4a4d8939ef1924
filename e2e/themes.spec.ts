import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';

declare global {
  interface Window {
    darkWhenBodyAppeared?: boolean;
  }
}

test('the system theme is applied before anything is painted', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  // Records the theme at the moment <body> is parsed, before the first paint can happen.
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.body) return;
      window.darkWhenBodyAppeared = document.documentElement.classList.contains('dark');
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto('/');
  expect(await page.evaluate(() => window.darkWhenBodyAppeared)).toBe(true);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(27, 26, 24)');
});

test('an explicit theme is rendered by the server and survives a reload', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await chat.open();
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/dark/);

  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(html).toHaveClass(/dark/);
  const served = await page.request.get('/');
  expect(await served.text()).toMatch(/<html lang="en" class="dark"/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
});

test('"System" follows the operating system as it changes', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await chat.open();
  await page.getByRole('radio', { name: 'Light' }).check();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

test('with reduced motion, the waiting indicator does not pulse', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await chat.open();
  await chat.send('[[scenario:slow-first-token]] [[delay:8000]]');
  const waiting = chat.transcript.getByText('Waiting for Claude…');
  await expect(waiting).toBeVisible();
  await expect(waiting).toHaveCSS('animation-name', 'none');
});
