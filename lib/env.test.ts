import { afterEach, describe, expect, it, vi } from 'vitest';

/** lib/env as a fresh process with these variables would parse it. */
async function parse(variables: Record<string, string>) {
  vi.resetModules();
  for (const name of ['DATABASE_URL', 'RILL_ATTACHMENT_STORE', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']) vi.stubEnv(name, '');
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  return (await import('./env')).env;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the attachment store settings', () => {
  it('follow the database by default: disk beside the embedded one, Postgres with DATABASE_URL', async () => {
    expect((await parse({})).RILL_ATTACHMENT_STORE).toBe('disk');
    expect((await parse({ DATABASE_URL: 'postgres://db.example/rill' })).RILL_ATTACHMENT_STORE).toBe('postgres');
    expect((await parse({ DATABASE_URL: 'postgres://db.example/rill', RILL_ATTACHMENT_STORE: 'disk' })).RILL_ATTACHMENT_STORE).toBe('disk');
  });

  it('take a bucket, with defaults for the rest', async () => {
    expect(await parse({ RILL_ATTACHMENT_STORE: 's3', S3_BUCKET: 'files' })).toMatchObject({
      RILL_ATTACHMENT_STORE: 's3',
      S3_BUCKET: 'files',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: false,
    });
    expect((await parse({ RILL_ATTACHMENT_STORE: 's3', S3_BUCKET: 'files' })).S3_ENDPOINT).toBeUndefined();
  });

  it('refuse at startup, naming the variable and never its value, what cannot work', async () => {
    await expect(parse({ RILL_ATTACHMENT_STORE: 's3' })).rejects.toThrow('S3_BUCKET: required with RILL_ATTACHMENT_STORE=s3');
    await expect(parse({ S3_BUCKET: 'files' })).rejects.toThrow('RILL_ATTACHMENT_STORE: set it to s3 to keep attachments in S3_BUCKET');
    await expect(parse({ RILL_ATTACHMENT_STORE: 'blob' })).rejects.toThrow('RILL_ATTACHMENT_STORE');
    const halfCredentials = parse({ RILL_ATTACHMENT_STORE: 's3', S3_BUCKET: 'files', S3_SECRET_ACCESS_KEY: 'very-secret-value' });
    await expect(halfCredentials).rejects.toThrow('S3_ACCESS_KEY_ID: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither');
    await expect(halfCredentials).rejects.not.toThrow('very-secret-value');
    await expect(parse({ RILL_ATTACHMENT_STORE: 's3', S3_BUCKET: 'files', S3_ENDPOINT: 'not a url' })).rejects.toThrow('S3_ENDPOINT');
  });
});
