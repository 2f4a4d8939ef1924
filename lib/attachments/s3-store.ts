import 'server-only';
import { checkedKey, type AttachmentStore } from './store';

export type S3StoreOptions = {
  bucket: string;
  region: string;
  /** An S3-compatible service's address; AWS's own when undefined. */
  endpoint: string | undefined;
  /** bucket in the path (http://host/bucket/key) rather than the host name, as most self-hosted services need. */
  forcePathStyle: boolean;
  /** The SDK's own chain (AWS_* variables, an instance or task role) when undefined. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
};

/** One object per key in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO...). */
export function createS3Store(options: S3StoreOptions): AttachmentStore {
  // Loaded on first use, so that deployments keeping files elsewhere never load the SDK.
  let connection: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: import('@aws-sdk/client-s3').S3Client }> | undefined;
  const connect = () =>
    (connection ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle,
        credentials: options.credentials,
      }),
    })));
  const Bucket = options.bucket;

  return {
    async put(key, bytes, mediaType) {
      const { sdk, client } = await connect();
      await client.send(new sdk.PutObjectCommand({ Bucket, Key: checkedKey(key), Body: bytes, ContentType: mediaType }));
    },
    async get(key) {
      const { sdk, client } = await connect();
      try {
        const object = await client.send(new sdk.GetObjectCommand({ Bucket, Key: checkedKey(key) }));
        return object.Body ? new Uint8Array(await object.Body.transformToByteArray()) : undefined;
      } catch (error) {
        // Only a missing object is "nothing stored"; a missing bucket or refused access is a fault.
        if (error instanceof sdk.NoSuchKey) return undefined;
        throw error;
      }
    },
    async delete(key) {
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: checkedKey(key) }));
    },
  };
}
