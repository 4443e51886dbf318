import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver accepts signatures made with this key pair; set them as AWS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY. */
export const S3_TEST_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } as const;

/** Starts s3rver on a free loopback port and prints that port: the child's whole program. */
const SERVER_PROGRAM = `
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(1);
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then(({ port }) => console.log('port ' + port));
process.on('SIGTERM', () => process.exit(0));
`;

/**
 * A real S3-protocol server (s3rver) on a free loopback port, keeping its objects in a temporary folder:
 * what the S3 image storage is tested against, in apps/api and in e2e/api. It runs in a child Node process
 * because s3rver makes the continuation tokens of long listings with DES, which Node 17+ offers only with
 * --openssl-legacy-provider, a flag the tests' own process should not carry.
 */
export class S3TestServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    readonly endpoint: string,
    readonly bucket: string,
  ) {}

  static async start(bucket = 'latchkey-test'): Promise<S3TestServer> {
    const directory = mkdtempSync(join(tmpdir(), 'latchkey-s3-'));
    const child = spawn(
      process.execPath,
      ['--openssl-legacy-provider', '-e', SERVER_PROGRAM, directory, bucket],
      { cwd: __dirname, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /port (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
    });
    return new S3TestServer(child, directory, `http://127.0.0.1:${port}`, bucket);
  }

  /** STORAGE_URL for this server's bucket, optionally under a key prefix. */
  storageUrl(prefix = ''): string {
    const endpoint = encodeURIComponent(this.endpoint);
    return `s3://${this.bucket}/${prefix}?endpoint=${endpoint}&region=us-east-1&forcePathStyle=true`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
