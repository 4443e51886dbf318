// tsc only emits JavaScript; the mail templates (src/**/*.hbs), the mail catalogues (src/**/locales/*.json) and
// the sample images' drawings (src/**/*.svg) are copied next to it, keeping their paths, so code that loads
// them via __dirname finds them in dist as in src.
import { cpSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src');
const target = join(root, 'dist');

const isAsset = (entry) =>
  /\.(hbs|svg)$/.test(entry.name) ||
  (basename(entry.parentPath) === 'locales' && entry.name.endsWith('.json'));

const assets = readdirSync(source, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && isAsset(entry))
  .map((entry) => join(entry.parentPath, entry.name));

for (const file of assets) cpSync(file, join(target, relative(source, file)));
console.log(`copied ${assets.length} asset file(s) into ${relative(process.cwd(), target) || '.'}`);
