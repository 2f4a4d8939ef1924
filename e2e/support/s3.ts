import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { E2E_S3 } from './config';

/** Whether the `s3` server's bucket holds an object under this key, asked of the S3 server directly. */
export async function bucketHolds(key: string): Promise<boolean> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: E2E_S3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: E2E_S3.accessKeyId, secretAccessKey: E2E_S3.secretAccessKey },
  });
  try {
    await client.send(new HeadObjectCommand({ Bucket: E2E_S3.bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  } finally {
    client.destroy();
  }
}
