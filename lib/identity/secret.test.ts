import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAuthSecret } from './secret';

describe('loadAuthSecret', () => {
  let root: string;
  let dataDir: string;
  let warnings: string[];
  const warn = (message: string) => warnings.push(message);

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'rill-secret-'));
    dataDir = path.join(root, 'nested', '.data');
    warnings = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uses AUTH_SECRET when it is set, without touching the disk', async () => {
    const secret = 's'.repeat(32);
    expect(await loadAuthSecret({ env: { AUTH_SECRET: secret, DATABASE_URL: 'postgres://x' }, dataDir, warn })).toBe(secret);
    expect(warnings).toEqual([]);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a short AUTH_SECRET, naming the variable but not the value', async () => {
    const error = await loadAuthSecret({ env: { AUTH_SECRET: 'tooshort-value' }, dataDir, warn }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/AUTH_SECRET/);
    expect((error as Error).message).not.toContain('tooshort-value');
  });

  it('requires AUTH_SECRET when DATABASE_URL is set', async () => {
    await expect(loadAuthSecret({ env: { DATABASE_URL: 'postgres://db/rill' }, dataDir, warn })).rejects.toThrow(
      'AUTH_SECRET is required when DATABASE_URL is set (every instance must sign cookies with the same secret)',
    );
    await expect(loadAuthSecret({ env: { DATABASE_URL: 'postgres://db/rill', AUTH_SECRET: '' }, dataDir, warn })).rejects.toThrow(
      /AUTH_SECRET is required/,
    );
  });

  it('creates a private secret file once, then reads it back', async () => {
    const first = await loadAuthSecret({ env: {}, dataDir, warn });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'auth-secret');
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/AUTH_SECRET/);
    expect(warnings[0]).not.toContain(first);

    expect(await loadAuthSecret({ env: { AUTH_SECRET: '' }, dataDir, warn })).toBe(first);
    // No temp files left behind.
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dataDir)).toEqual(['auth-secret']);
  });

  it('agrees on one secret when several callers create it at once', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadAuthSecret({ env: {}, dataDir, warn })));
    expect(new Set(secrets).size).toBe(1);
    expect((await readFile(path.join(dataDir, 'auth-secret'), 'utf8')).trim()).toBe(secrets[0]);
  });

  it('refuses a secret file that holds no usable secret', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'auth-secret'), '\n');
    await expect(loadAuthSecret({ env: {}, dataDir, warn })).rejects.toThrow(/auth-secret holds no usable secret/);
  });
});
