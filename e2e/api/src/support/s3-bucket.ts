import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3_TEST_CREDENTIALS, S3TestServer } from '../../../../apps/api/src/testing/s3-test-server';

export { S3_TEST_CREDENTIALS };

/**
 * A real S3-protocol server (s3rver) for the file's tests, and a client that looks into its bucket from
 * outside the API, as an operator with the AWS CLI would. `env` is filled before the API starts, so
 * pass it to useServers declared after this call.
 */
export function useS3Bucket(prefix = 'images/') {
  const env: Record<string, string> = {};
  const bucket = {} as { server: S3TestServer; client: S3Client };
  beforeAll(async () => {
    bucket.server = await S3TestServer.start();
    Object.assign(env, S3_TEST_CREDENTIALS, { STORAGE_URL: bucket.server.storageUrl(prefix) });
    bucket.client = new S3Client({
      region: 'us-east-1',
      endpoint: bucket.server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    });
  });
  afterAll(async () => {
    bucket.client?.destroy();
    await bucket.server?.stop();
  });
  const name = () => bucket.server.bucket;

  return {
    /** The API's environment for this bucket: STORAGE_URL and the credentials. */
    env,
    /** Object keys under the API's prefix (without it), sorted. */
    async keys(under = ''): Promise<string[]> {
      const listed = await bucket.client.send(
        new ListObjectsV2Command({ Bucket: name(), Prefix: prefix + under }),
      );
      return (listed.Contents ?? []).map(({ Key }) => Key!.slice(prefix.length)).sort();
    },
    async bytes(key: string): Promise<Buffer> {
      const object = await bucket.client.send(new GetObjectCommand({ Bucket: name(), Key: prefix + key }));
      return Buffer.from(await object.Body!.transformToByteArray());
    },
    async put(key: string, body: Buffer): Promise<void> {
      await bucket.client.send(new PutObjectCommand({ Bucket: name(), Key: prefix + key, Body: body }));
    },
    async remove(key: string): Promise<void> {
      await bucket.client.send(new DeleteObjectCommand({ Bucket: name(), Key: prefix + key }));
    },
  };
}
