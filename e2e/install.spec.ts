import { expect, test } from '@playwright/test';
import { E2E_PORTS } from './support/config';

const ICONS = [
  { path: '/favicon.ico', type: /^image\/(x-icon|vnd\.microsoft\.icon)$/ },
  { path: '/icon.svg', type: /^image\/svg\+xml/ },
  { path: '/apple-touch-icon.png', type: /^image\/png$/ },
];

test('the manifest and every icon it lists are served, and name Rill for a home screen', async ({ request }) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await response.json()) as { name: string; short_name: string; start_url: string; display: string; icons: Array<{ src: string; sizes: string; type: string; purpose?: string }> };
  expect(manifest).toMatchObject({ name: 'Rill', short_name: 'Rill', start_url: '/', display: 'standalone' });
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
  for (const icon of [...manifest.icons.map((i) => ({ path: i.src, type: new RegExp(`^${i.type.replace('+', '\\+')}`) })), ...ICONS]) {
    const file = await request.get(icon.path);
    expect(file.status(), icon.path).toBe(200);
    expect(file.headers()['content-type'], icon.path).toMatch(icon.type);
  }
});

test('a page links its icons and manifest, gives a theme colour for each theme, and requests nothing that fails', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/apple-touch-icon.png');
  await expect(page.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveAttribute('href', '/icon.svg');
  await expect(page.locator('meta[name="theme-color"][media="(prefers-color-scheme: dark)"]')).toHaveAttribute('content', '#1b1a18');
  await expect(page.locator('meta[name="theme-color"][media="(prefers-color-scheme: light)"]')).toHaveAttribute('content', '#fbfaf7');
  expect(failed).toEqual([]);
});

test('behind APP_PASSWORD the icons and manifest are served without it, and mint no identity', async ({ request }) => {
  const gated = `http://127.0.0.1:${E2E_PORTS.limited}`;
  for (const path of ['/manifest.webmanifest', '/favicon.ico', '/icon.svg', '/icon-192.png', '/apple-touch-icon.png']) {
    const response = await request.get(`${gated}${path}`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()['set-cookie'], path).toBeUndefined();
  }
  // Pages still ask for the password.
  expect((await request.get(`${gated}/`, { maxRedirects: 0 })).status()).toBe(307);
});
