import type { Page } from '@playwright/test';

/** The answers of the page's conversation as the database holds them, read through the API as their owner. */
export async function savedAnswers(page: Page): Promise<Array<{ status: string; text: string }>> {
  const id = new URL(page.url()).pathname.split('/').at(-1)!;
  const stored = (await (await page.request.get(`/api/conversations/${id}`)).json()) as {
    messages: Array<{ role: string; status: string; parts: Array<{ type: string; text?: string }> }>;
  };
  return stored.messages
    .filter((message) => message.role === 'assistant')
    .map((message) => ({ status: message.status, text: message.parts.filter((p) => p.type === 'text').map((p) => p.text).join('') }));
}
