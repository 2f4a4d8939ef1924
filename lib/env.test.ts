import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** lib/env as a fresh process with these variables would parse it. */
async function parse(variables: Record<string, string>) {
  vi.resetModules();
  for (const name of ['RILL_MCP_SERVERS', 'RILL_MCP_CONFIG', 'DATABASE_URL', 'RILL_ATTACHMENT_STORE', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']) vi.stubEnv(name, '');
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

describe("the operator's MCP servers", () => {
  it('read the mcpServers shape from RILL_MCP_SERVERS or the file RILL_MCP_CONFIG names', async () => {
    const config = { mcpServers: { notes: { url: 'https://notes.example.com/mcp', title: 'Team notes' }, files: { command: 'npx', args: ['-y', 'files-server'] } } };
    expect((await parse({ RILL_MCP_SERVERS: JSON.stringify(config) })).mcpServers).toEqual({
      notes: { url: 'https://notes.example.com/mcp', title: 'Team notes' },
      files: { command: 'npx', args: ['-y', 'files-server'] },
    });
    const dir = await mkdtemp(join(tmpdir(), 'rill-mcp-'));
    await writeFile(join(dir, 'mcp.json'), JSON.stringify(config));
    expect(Object.keys((await parse({ RILL_MCP_CONFIG: join(dir, 'mcp.json') })).mcpServers)).toEqual(['notes', 'files']);
    expect((await parse({})).mcpServers).toEqual({});
  });

  it('refuse at startup what is not a valid configuration, never echoing its values', async () => {
    await expect(parse({ RILL_MCP_SERVERS: '{not json' })).rejects.toThrow('RILL_MCP_SERVERS is not valid JSON.');
    const secretHeader = parse({ RILL_MCP_SERVERS: JSON.stringify({ mcpServers: { 'bad name!': { url: 'https://x.example/mcp', headers: { Authorization: 'Bearer very-secret-value' } } } }) });
    await expect(secretHeader).rejects.toThrow('mcpServers.bad name!: a server name is 1–31 letters, digits and dashes');
    await expect(secretHeader).rejects.not.toThrow('very-secret-value');
    await expect(parse({ RILL_MCP_SERVERS: JSON.stringify({ mcpServers: { notes: { url: 'ftp://x.example/' } } }) })).rejects.toThrow('not a valid MCP configuration');
    await expect(parse({ RILL_MCP_CONFIG: '/nonexistent/mcp.json' })).rejects.toThrow('RILL_MCP_CONFIG: cannot read /nonexistent/mcp.json');
    await expect(parse({ RILL_MCP_SERVERS: '{"mcpServers":{}}', RILL_MCP_CONFIG: '/tmp/x.json' })).rejects.toThrow('set RILL_MCP_SERVERS or RILL_MCP_CONFIG, not both');
  });
});
