// dist/bundle/main.js, the entry of the bundled server (see bundle.mjs): runs server.js, the bundle, with a V8
// code cache of it (code-cache.cjs), so a start neither parses 5 MB of JavaScript nor compiles again the
// functions start-up calls (the start-up cache holds the bytecode of everything compiled by its writing). Node
// 20 has no compile cache of its own (module.enableCompileCache came with Node 22).
'use strict';
const Module = require('node:module');
const { dirname } = require('node:path');
const { compileServer, writable, writeCache } = require('./code-cache.js');

const { filename, script, startUpCacheFile, usedStartUpCache } = compileServer(__dirname);
const server = new Module(filename, module);
server.filename = filename;
script.runInThisContext()(server.exports, Module.createRequire(filename), server, filename, __dirname);

// Written a few seconds after start, once per build of server.js, where the server may write: by then it holds
// what start-up compiled. (Written at exit instead, it held less: V8 had flushed much of the bytecode.) Where it
// may not (a read-only image), the build's cache serves every start.
const WRITE_CACHE_AFTER_MS = 5000;
if (!usedStartUpCache && writable(dirname(startUpCacheFile))) {
  setTimeout(() => {
    try {
      writeCache(script, startUpCacheFile);
    } catch {
      // Not written (a full disk, say): the next start tries again.
    }
  }, WRITE_CACHE_AFTER_MS).unref();
}
