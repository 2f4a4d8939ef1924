import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Store, type S3StoreOptions } from './s3-store';
import type { AttachmentStore } from './store';
import { itKeepsBytesLikeAnyStore } from './store-contract';

// A real S3-compatible server (s3rver, which knows one account), on a free port.
let directory: string;
let server: S3rver;
let options: S3StoreOptions;
let store: AttachmentStore;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'rill-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'rill-attachments', configs: [] }] });
  const { port } = await server.run();
  options = {
    bucket: 'rill-attachments',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    // s3rver's built-in account.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  store = createS3Store(options);
});
afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('the S3 attachment store', () => {
  itKeepsBytesLikeAnyStore(() => store);

  it('stores one object per key, of the media type it was given', async () => {
    await store.put('attachment-typed', new Uint8Array([0x89, 0x50]), 'image/png');
    const client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: true, credentials: options.credentials });
    const head = await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key: 'attachment-typed' }));
    expect(head).toMatchObject({ ContentType: 'image/png', ContentLength: 2 });
    client.destroy();
  });

  it('fails loudly, rather than reporting nothing stored, when the bucket is missing or the credentials are wrong', async () => {
    const noBucket = createS3Store({ ...options, bucket: 'no-such-bucket' });
    await expect(noBucket.get('attachment-0001')).rejects.toThrow(/bucket/i);
    await expect(noBucket.put('attachment-0001', new Uint8Array([1]), 'image/png')).rejects.toThrow(/bucket/i);
    await store.put('attachment-0003', new Uint8Array([1]), 'image/png');
    const stranger = createS3Store({ ...options, credentials: { accessKeyId: 'SOMEONE-ELSE', secretAccessKey: 'whatever' } });
    await expect(stranger.get('attachment-0003')).rejects.toThrow(/access key/i);
  });
});
