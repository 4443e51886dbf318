// dist/bundle/main.js, the entry of the bundled server (see bundle.mjs): runs server.js, the bundle, with a V8
// code cache of it when there is one, so a start neither parses 5 MB of JavaScript nor compiles again the
// functions start-up calls (the cache holds the bytecode of everything compiled by its writing). Node 20 has
// no compile cache of its own (module.enableCompileCache came with Node 22).
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const filename = join(__dirname, 'server.js');
const source = readFileSync(filename, 'utf8');
// V8 checks a cache against the length of the source, not its text: the name ties it to this text (~10 ms).
const cacheFile = join(
  __dirname,
  `server.js.${createHash('sha256').update(source).digest('hex').slice(0, 16)}.cache`,
);

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet: compiled from source, and the cache written below.
}
const script = new vm.Script(Module.wrap(source), {
  filename,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const server = new Module(filename, module);
server.filename = filename;
script.runInThisContext()(server.exports, Module.createRequire(filename), server, filename, __dirname);

// Written a few seconds after start, once per build of server.js, where the server may write: by then it holds
// what start-up compiled. (Written at exit instead, it held less: V8 had flushed much of the bytecode.)
const WRITE_CACHE_AFTER_MS = 5000;
if (!cachedData || script.cachedDataRejected) {
  setTimeout(() => {
    const written = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(written, script.createCachedData());
      renameSync(written, cacheFile);
    } catch {
      // A read-only installation starts without the cache, as it would unbundled.
    }
  }, WRITE_CACHE_AFTER_MS).unref();
}
