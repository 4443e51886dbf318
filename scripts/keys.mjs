// `npm run keys -- generate|rotate`: the keys that sign access tokens (apps/api/src/cli/keys.ts).
// Builds the API if stale; `npm run -s keys -- generate` gives a bare PEM.
import { runApiCli } from './lib/api-cli.mjs';

await runApiCli('keys');
