// The production server in one file, dist/bundle/server.js (issue 14, cold start): dist/main.js and the
// packages it requires, so that start-up does not resolve, stat and read some 3,000 module files one by one.
// dist/bundle/main.js (bundle-main.cjs) starts it with a V8 code cache. Measured with scripts/cold-start.mjs
// against dist/main.js: about a third less CPU to ready, two thirds less with the code cache.
// Kept out: packages start-up does not load, native addons, packages that load files of their own at run time
// (worker threads, WASM, SDK plugins), and whatever is not installed (drivers Nest and TypeORM may require).
import { copyFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');

const EXTERNAL = [
  ...builtinModules,
  'bcrypt',
  'sharp',
  'pino',
  'thread-stream',
  /^node:/,
  /^@electric-sql\//,
  /^@aws-sdk\//,
  /^@smithy\//,
  /^pino-/,
  // Loaded on first use, not at start (passkey ceremonies, the development catcher, the mailer's preview):
  // required from node_modules when needed, they would only add to what every start has to parse.
  '@simplewebauthn/server',
  'smtp-server',
  'postal-mime',
  'preview-email',
  'mailparser',
];

const isExternal = (id) =>
  EXTERNAL.some((entry) =>
    typeof entry === 'string' ? id === entry || id.startsWith(`${entry}/`) : entry.test(id),
  );

const isInstalled = (id) => {
  try {
    import.meta.resolve(id);
    return true;
  } catch {
    return false;
  }
};

/**
 * Each module keeps its own __dirname and __filename: mail templates, catalogues and sample images are read
 * beside the code that reads them (dist/mail/templates, …), and packages find their files (swagger-ui-dist)
 * in node_modules, as they do unbundled.
 */
const ownDirname = {
  name: 'own-dirname',
  transform(code, id) {
    if (!/\b__(dirname|filename)\b/.test(code) || /\b(const|let|var)\s+__(dirname|filename)\b/.test(code)) {
      return null;
    }
    const path = (target) => `require("node:path").join(__dirname, ${JSON.stringify(relative(out, target))})`;
    const replaced = code.replace(/\b__dirname\b/g, path(dirname(id))).replace(/\b__filename\b/g, path(id));
    // Lines stay where they were (only a few columns move), so the mappings are left as they are.
    return { code: replaced, map: null };
  },
};

await build({
  input: join(dist, 'main.js'),
  platform: 'node',
  external: (id) =>
    isExternal(id) ||
    (!id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !isInstalled(id)),
  plugins: [ownDirname],
  // Nest and TypeORM go by class names (tokens, entity and table names): mangled locals, kept names. The
  // source map is for reading a stack trace afterwards (or `node --enable-source-maps`, which slows start).
  output: {
    dir: out,
    entryFileNames: 'server.js',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: true,
    cleanDir: true,
  },
  logLevel: 'warn',
});
copyFileSync(join(root, 'scripts/bundle-main.cjs'), join(out, 'main.js'));
copyFileSync(join(root, 'scripts/code-cache.cjs'), join(out, 'code-cache.js'));
// Made here, so that a start that finds no cache of its own (the first, or any in a read-only image) does not
// parse the whole bundle. V8 accepts a cache only under the V8 flags it was made with: none, as the server's.
createRequire(import.meta.url)('./code-cache.cjs').writeBuildCache(out);
console.log(`bundled into ${relative(process.cwd(), out) || '.'}`);
