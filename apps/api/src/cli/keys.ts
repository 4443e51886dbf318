import { AppConfig } from '../config/app-config';
import { newPrivateKey, rotateKeyRing } from '../config/key-file';
import { CLI_FAILED, runCli } from './cli-runner';

export const KEYS_USAGE = `Usage: npm run keys -- <command>
       (in a built image: node apps/api/dist/cli/keys.js <command>)

Commands:
  generate   print a new P-256 private key (PEM) for JWT_SIGNING_KEY
  rotate     outside production: a new key in DATA_DIR signs from each instance's next start; the old one
             stays published in /.well-known/jwks.json and accepted until ACCESS_TOKEN_TTL has passed,
             and is dropped at a later rotate or start

With JWT_SIGNING_KEY (required in production), rotate by hand: put a new key from "generate" in
JWT_SIGNING_KEY, move the old one to JWT_PREVIOUS_SIGNING_KEYS, restart every instance, and remove it
from JWT_PREVIOUS_SIGNING_KEYS once ACCESS_TOKEN_TTL has passed.`;

const EXIT_CODES = { ok: 0, failed: CLI_FAILED, usage: 2 } as const;

function main([command, ...extra]: string[]): number {
  if (command === undefined || ['help', '--help', '-h'].includes(command)) {
    console.log(KEYS_USAGE);
    return EXIT_CODES.ok;
  }
  if (extra.length > 0 || (command !== 'generate' && command !== 'rotate')) {
    console.error(`Unknown command: ${[command, ...extra].join(' ')}\n\n${KEYS_USAGE}`);
    return EXIT_CODES.usage;
  }
  if (command === 'generate') {
    process.stdout.write(newPrivateKey().export({ format: 'pem', type: 'pkcs8' }).toString());
    return EXIT_CODES.ok;
  }
  if (process.env.JWT_SIGNING_KEY?.trim() || process.env.NODE_ENV === 'production') {
    console.error(
      `JWT_SIGNING_KEY holds the signing key, so there is no key file to rotate.\n\n${KEYS_USAGE}`,
    );
    return EXIT_CODES.failed;
  }
  const config = new AppConfig(process.env);
  const ring = rotateKeyRing(config.dataDir, config.accessTokenTtl);
  console.log(
    [
      `New signing key ${ring.current.kid} in ${config.dataDir}: restart each instance to sign with it.`,
      ...ring.previous.map((key) => `Still published and accepted until its tokens expire: ${key.kid}`),
    ].join('\n'),
  );
  return EXIT_CODES.ok;
}

runCli('keys', async () => main(process.argv.slice(2)));
