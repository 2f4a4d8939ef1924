import 'server-only';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { processWide } from '../async/process-wide';
import { env } from '../env';
import { randomId } from '../security/hmac';

/** The key that signs owner cookies. */
export const MIN_SECRET_LENGTH = 32;
export const SECRET_FILE_NAME = 'auth-secret';

export type LoadAuthSecretOptions = {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Where the generated secret lives when AUTH_SECRET is unset. Defaults to `<cwd>/.data`. */
  dataDir?: string;
  /** Receives the one warning about using a generated secret. Defaults to console.warn. */
  warn?: (message: string) => void;
};

const secretEnvSchema = z.object({
  AUTH_SECRET: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(MIN_SECRET_LENGTH, `AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`).optional(),
  ),
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
});

/**
 * AUTH_SECRET when set. Otherwise, for a single local instance (no DATABASE_URL), a random secret
 * kept in `<dataDir>/auth-secret` (created 0600 on first use), with a warning.
 */
export async function loadAuthSecret(options: LoadAuthSecretOptions = {}): Promise<string> {
  const parsed = secretEnvSchema.safeParse(options.env ?? process.env);
  if (!parsed.success) {
    // Never echo the value.
    throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  const { AUTH_SECRET, DATABASE_URL } = parsed.data;
  if (AUTH_SECRET) return AUTH_SECRET;
  if (DATABASE_URL) {
    throw new Error('AUTH_SECRET is required when DATABASE_URL is set (every instance must sign cookies with the same secret)');
  }

  const dataDir = options.dataDir ?? path.join(process.cwd(), '.data');
  const file = path.join(dataDir, SECRET_FILE_NAME);
  const secret = await readOrCreateSecret(dataDir, file);
  (options.warn ?? console.warn)(
    `AUTH_SECRET is not set: signing owner cookies with a generated secret kept in ${file}. ` +
      'Set AUTH_SECRET (at least 32 random characters, e.g. `openssl rand -base64 32`) before deploying.',
  );
  return secret;
}

async function readOrCreateSecret(dataDir: string, file: string): Promise<string> {
  const existing = await readSecretFile(file);
  if (existing !== undefined) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomId(32);
  // Write a private temp file, then link it into place: the secret file appears complete or not
  // at all, and if another process got there first its secret wins (link fails with EEXIST).
  const temp = `${file}.${process.pid}.${randomId(6)}.tmp`;
  await writeFile(temp, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readSecretFile(file);
    if (winner === undefined) throw error;
    return winner;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function readSecretFile(file: string): Promise<string | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = content.trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds no usable secret (fewer than ${MIN_SECRET_LENGTH} characters): delete it to have a new one generated ` +
        '(which signs everyone out), or set AUTH_SECRET.',
    );
  }
  return secret;
}

/** The process-wide signing secret (see loadAuthSecret); the warning is logged once. */
export function getAuthSecret(): Promise<string> {
  // Configuration errors are not remembered: every call reports them until they are fixed.
  return processWide('rill.identity.authSecret', () =>
    loadAuthSecret({
      env: { AUTH_SECRET: env.AUTH_SECRET, DATABASE_URL: env.DATABASE_URL },
      dataDir: path.resolve(env.RILL_DATA_DIR),
    }),
  );
}
