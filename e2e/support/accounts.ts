import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { E2E_MAIL_API, E2E_PORTS } from './config';
import { uniqueNonce } from './fake-log';

/** The accounts server (email sign-up through maildev; admins named in E2E_ADMIN_EMAIL). */
export const ACCOUNTS_URL = `http://127.0.0.1:${E2E_PORTS.accounts}`;

export const E2E_ACCOUNT_PASSWORD = 'correct horse battery staple';

/** A fresh address for one test's account: tests share the server and its maildev. */
export function uniqueEmail(label = 'user'): string {
  return `${uniqueNonce(label).toLowerCase().replace(/[^a-z0-9-]/g, '-')}@example.test`;
}

type Mail = { subject: string; text: string; to: Array<{ address: string }> };

/** The newest email maildev caught for `address`, waiting for it to arrive. */
export async function latestMailTo(request: APIRequestContext, address: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(async () => {
      const mails = (await (await request.get(`${E2E_MAIL_API}/email`)).json()) as Mail[];
      found = mails.filter((mail) => mail.to.some((to) => to.address === address)).at(-1);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** The confirmation link in the newest email to `address`. */
export async function verificationLink(request: APIRequestContext, address: string): Promise<string> {
  const mail = await latestMailTo(request, address);
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in the email to ${address}: ${mail.text}`);
  return link;
}

/**
 * Makes a verified account through the API, as the sign-up form would, and signs `request` in
 * to it (the confirmation link signs in). Returns its address.
 */
export async function signUpVerified(request: APIRequestContext, email = uniqueEmail()): Promise<string> {
  const signUp = await request.post(`${ACCOUNTS_URL}/api/auth/sign-up/email`, {
    data: { name: email.split('@')[0], email, password: E2E_ACCOUNT_PASSWORD, callbackURL: '/' },
    headers: { origin: ACCOUNTS_URL },
  });
  expect(signUp.ok(), await signUp.text()).toBe(true);
  const confirmed = await request.get(await verificationLink(request, email));
  expect(confirmed.ok()).toBe(true);
  return email;
}

/** How many emails maildev caught for `address`. */
export async function mailCountTo(request: APIRequestContext, address: string): Promise<number> {
  const mails = (await (await request.get(`${E2E_MAIL_API}/email`)).json()) as Mail[];
  return mails.filter((mail) => mail.to.some((to) => to.address === address)).length;
}

/** The sign-in page as a person uses it (components/account/sign-in-form.tsx). */
export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly alert: Locator;
  readonly checkYourEmail: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByRole('textbox', { name: 'Email' });
    this.password = page.getByLabel('Password');
    this.alert = page.getByRole('alert').filter({ hasText: /\S/ });
    this.checkYourEmail = page.getByRole('status').filter({ hasText: 'Check your email' });
  }

  async signUp(email: string, name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New here? Create an account' }).click();
    await this.page.getByRole('textbox', { name: 'Name' }).fill(name);
    await this.email.fill(email);
    await this.password.fill(E2E_ACCOUNT_PASSWORD);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  async signIn(email: string, password = E2E_ACCOUNT_PASSWORD): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
}

/** The sidebar's account panel: a guest's Sign in link, or the signed-in account. */
export function accountPanel(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Conversations' }).getByRole('region', { name: 'Account' });
}
