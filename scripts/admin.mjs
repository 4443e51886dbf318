// `npm run admin -- grant|revoke <email>`: appoint or remove an admin on the database the app uses
// (DATABASE_URL, or the embedded PGlite in ./.data, which needs the app stopped). Builds the API if stale.
import { runApiCli } from './lib/api-cli.mjs';

await runApiCli('admin');
