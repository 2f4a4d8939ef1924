import { test as base } from '@playwright/test';

export { expect, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';

/**
 * Playwright's `test`, whose API `request` context already holds an identity on the default
 * server: API routes refuse requests without one, and only page loads make one (proxy.ts).
 */
export const test = base.extend({
  request: async ({ request, baseURL }, use) => {
    await request.get(`${baseURL}/`);
    await use(request);
  },
});
