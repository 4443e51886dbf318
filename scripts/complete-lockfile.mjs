// Runs after every `npm install` (root postinstall). The registry these machines reach does not serve the
// other platforms' native builds (e.g. @nx/nx-darwin-arm64), so npm leaves them out of package-lock.json and
// `npm ci` then refuses the lock as out of sync (npm/cli#9846). Listing each as an optional entry makes the
// lock complete again: `npm ci` tries it, finds it absent or foreign to this platform, and skips it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/workspace.mjs';

const lockPath = join(ROOT, 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const isListed = (parentPath, name) =>
  packages[`node_modules/${name}`] !== undefined ||
  packages[`${parentPath ? parentPath + '/' : ''}node_modules/${name}`] !== undefined;

let added = 0;
for (const [parentPath, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (isListed(parentPath, name)) continue;
    packages[`node_modules/${name}`] = { version, optional: true };
    added++;
  }
}

if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
  console.log(`complete-lockfile: listed ${added} optional packages this registry does not serve`);
}
