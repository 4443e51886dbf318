import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { _Object, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { S3StorageTarget } from '../../config/storage-config';
import {
  ImageStorage,
  isSafeSegment,
  OpenedFile,
  safeSegment as safe,
  StoredFile,
  StoredKey,
} from './image-storage';

type Sdk = typeof import('@aws-sdk/client-s3');

const CONNECT_TIMEOUT_MS = 5_000;
/** Longest silence on a socket, not the longest transfer: a large image may stream for longer. */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * Image files as objects `<prefix><key>/<name>` in one bucket, for instances that share their images
 * (docs/architecture.md › Images). The AWS SDK (~21 MB resident, 0.3 to 0.8 s to load here) is imported
 * only by this class, when the app has started: an instance on disk storage never loads it.
 */
export class S3ImageStorage extends ImageStorage implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(S3ImageStorage.name);
  private connection?: Promise<{ sdk: Sdk; client: S3Client }>;

  /** `pageSize`: objects per listing request; S3's maximum, lowered by tests to cross pages. */
  constructor(
    private readonly target: S3StorageTarget,
    private readonly pageSize = 1000,
  ) {
    super();
  }

  /**
   * A key that already holds files is refused, as on disk: checked by listing first, and enforced by
   * If-None-Match on servers that support conditional writes (AWS S3, MinIO, R2), so two instances racing
   * to render the same sample cannot mix their files. Files written before a failure are deleted again.
   */
  async put(key: string, files: StoredFile[]): Promise<void> {
    const { sdk, client } = await this.connect();
    const prefix = this.prefixOf(key);
    if (await this.holdsFiles(prefix)) {
      throw new Error(`image storage key ${key} already holds files`);
    }
    const written: string[] = [];
    const results = await Promise.allSettled(
      files.map(async ({ name, bytes }) => {
        const objectKey = prefix + safe(name);
        await client.send(
          new sdk.PutObjectCommand({
            Bucket: this.target.bucket,
            Key: objectKey,
            Body: bytes,
            ContentLength: bytes.length,
            IfNoneMatch: '*',
          }),
        );
        written.push(objectKey);
      }),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      await Promise.allSettled(written.map((objectKey) => this.deleteObject(objectKey)));
      throw failure.reason;
    }
  }

  async open(key: string, name: string): Promise<OpenedFile | undefined> {
    const { sdk, client } = await this.connect();
    try {
      const object = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.target.bucket, Key: this.prefixOf(key) + safe(name) }),
      );
      // In Node the body is the HTTP response itself: streamed to the client, never buffered here.
      return { stream: object.Body as Readable, byteSize: object.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    for await (const object of this.list(this.prefixOf(key))) await this.deleteObject(object.Key);
  }

  /**
   * Listing is in key order, so the objects of one image key come one after another: each key is yielded
   * once its last object was seen, with the newest modification time among them.
   */
  async *keys(): AsyncIterable<StoredKey> {
    const { prefix } = this.target;
    let current: StoredKey | undefined;
    for await (const object of this.list(prefix)) {
      const rest = object.Key.slice(prefix.length);
      const key = rest.slice(0, rest.indexOf('/'));
      if (!isSafeSegment(key)) continue; // not ours: some other object under the prefix
      const storedAt = object.LastModified ?? new Date(); // unknown age: too young to sweep
      if (current?.key === key) {
        if (storedAt > current.storedAt) current.storedAt = storedAt;
        continue;
      }
      if (current) yield current;
      current = { key, storedAt };
    }
    if (current) yield current;
  }

  /** Loads the SDK now rather than in the first image request, which would wait for it. */
  onApplicationBootstrap(): void {
    this.connect().catch((error: unknown) => {
      this.logger.error(`could not load the AWS SDK for S3 image storage: ${String(error)}`);
    });
  }

  /** Closes the SDK's keep-alive sockets, so a shutdown does not wait for them. */
  async onModuleDestroy(): Promise<void> {
    if (this.connection) (await this.connection).client.destroy();
  }

  private connect(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.connection ??= import('@aws-sdk/client-s3').then(
      (sdk) => {
        const { region, endpoint, forcePathStyle } = this.target;
        // Credentials: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, role).
        // Timeouts, since the SDK has none by default: a stalled store fails a request instead of holding it.
        const requestHandler = { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS };
        return { sdk, client: new sdk.S3Client({ region, endpoint, forcePathStyle, requestHandler }) };
      },
      (error: unknown) => {
        this.connection = undefined; // the next call tries again
        throw error;
      },
    );
    return this.connection;
  }

  private async holdsFiles(prefix: string): Promise<boolean> {
    const { sdk, client } = await this.connect();
    const page = await client.send(
      new sdk.ListObjectsV2Command({ Bucket: this.target.bucket, Prefix: prefix, MaxKeys: 1 }),
    );
    return Boolean(page.Contents?.length);
  }

  private async *list(prefix: string): AsyncGenerator<_Object & { Key: string }> {
    const { sdk, client } = await this.connect();
    let continuationToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({
          Bucket: this.target.bucket,
          Prefix: prefix,
          MaxKeys: this.pageSize,
          ContinuationToken: continuationToken,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield { ...object, Key: object.Key };
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  private async deleteObject(objectKey: string): Promise<void> {
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.target.bucket, Key: objectKey }));
  }

  private prefixOf(key: string): string {
    return `${this.target.prefix}${safe(key)}/`;
  }
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a misconfiguration, not a missing image: that one is thrown.
  return name === 'NoSuchKey' || ($metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket');
}
