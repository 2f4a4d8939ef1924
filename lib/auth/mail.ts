import 'server-only';
import { createTransport } from 'nodemailer';
import { env } from '../env';

let transport: ReturnType<typeof createTransport> | undefined;

/** Sends one plain email through SMTP_URL. */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<void> {
  if (!env.SMTP_URL) throw new Error('SMTP_URL is not set: Rill cannot send email.');
  transport ??= createTransport(env.SMTP_URL);
  await transport.sendMail({ from: env.RILL_EMAIL_FROM, ...message });
}
