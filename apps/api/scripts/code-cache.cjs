// The V8 code caches of dist/bundle/server.js (copied there as code-cache.js): the build writes one of the
// bundle compiled alone (bundle.mjs), a server that may write beside its code one of what its start-up
// compiled (bundle-main.cjs). Without a cache a start parses the whole 5 MB bundle at once, and glibc keeps
// what that parse allocated: measured, 23 MiB more resident for the life of the process.
'use strict';
const { createHash } = require('node:crypto');
const { accessSync, constants, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

/**
 * server.js in `dir`, compiled (not run) with the best cache of its text there is: the start-up cache, else
 * the build's. V8 checks a cache against the length of the source, not its text: the names tie it to this
 * text (hashing it takes ~10 ms). `usedStartUpCache` is false when the start-up cache is missing or rejected
 * (V8 refuses a cache written under other flags).
 */
function compileServer(dir) {
  const filename = join(dir, 'server.js');
  const source = readFileSync(filename, 'utf8');
  const tag = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const startUpCacheFile = join(dir, `server.js.${tag}.cache`);
  const buildCacheFile = join(dir, `server.js.${tag}.build.cache`);
  const { cacheFile, cachedData } = readFirst([startUpCacheFile, buildCacheFile]);
  const script = new vm.Script(Module.wrap(source), {
    filename,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const usedStartUpCache = cacheFile === startUpCacheFile && !script.cachedDataRejected;
  return { filename, script, startUpCacheFile, buildCacheFile, usedStartUpCache };
}

/** The build's cache: the bundle's top level only, all a start needs not to parse the whole file. */
function writeBuildCache(dir) {
  const { script, buildCacheFile } = compileServer(dir);
  writeFileSync(buildCacheFile, script.createCachedData());
}

/** Writes `script`'s cache to `file` (by a rename, so that a start never reads half of one). */
function writeCache(script, file) {
  const written = `${file}.${process.pid}`;
  writeFileSync(written, script.createCachedData());
  renameSync(written, file);
}

/** The first of `files` there is, and its content; none: {}. */
function readFirst(files) {
  for (const cacheFile of files) {
    try {
      return { cacheFile, cachedData: readFileSync(cacheFile) };
    } catch {
      // Not there (not built, or not written yet): the next one.
    }
  }
  return {};
}

function writable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

module.exports = { compileServer, writeBuildCache, writeCache, writable };
