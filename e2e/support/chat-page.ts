import { expect, type Locator, type Page } from '@playwright/test';

/** The chat UI as a user sees it, through the documented UI contract (docs/ui-contract.md). */
export class ChatPage {
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly transcript: Locator;
  readonly usage: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.composer = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send' });
    this.stopButton = page.getByRole('button', { name: 'Stop' });
    this.transcript = page.getByRole('log');
    this.usage = page.getByRole('status', { name: 'Token usage' });
    // The chat's own alerts (the sidebar has its own; Next.js adds an empty route announcer).
    this.alert = page.locator('main [role="alert"]');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.composer).toBeEditable();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.sendButton.click();
  }

  assistantMessages(): Locator {
    return this.transcript.locator('article[data-role="assistant"]');
  }

  lastAnswer(): Locator {
    return this.assistantMessages().last();
  }

  /** `timeout` for answers paced to outlast the default expect timeout. */
  async waitForAnswerToFinish(timeout?: number): Promise<Locator> {
    const answer = this.lastAnswer();
    await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout });
    return answer;
  }

  /**
   * The conversation's own path, /c/<id>. The chat moves there once the browser is idle after
   * the first answer starts, which on a busy machine can be after that answer ends.
   */
  async conversationPath(): Promise<string> {
    await expect(this.page).toHaveURL(/\/c\/[^/]+$/);
    return new URL(this.page.url()).pathname;
  }

  async usageNumbers(): Promise<{ input: number; output: number; cacheRead: number; cacheWrite: number }> {
    const read = async (name: string) => Number(await this.usage.getAttribute(name));
    return {
      input: await read('data-input-tokens'),
      output: await read('data-output-tokens'),
      cacheRead: await read('data-cache-read-tokens'),
      cacheWrite: await read('data-cache-write-tokens'),
    };
  }
}
