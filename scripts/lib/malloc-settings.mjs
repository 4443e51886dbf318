// glibc's malloc settings for the API process, read by glibc only at process start, so they are set by what
// starts it: `npm start`, the bench (which measures what is deployed) and the API's Dockerfile, whose final
// ENV scripts/check-dockerfiles.mjs (a CI step) compares with these. Fewer arenas, and a fixed mmap threshold,
// keep freed memory (image decoding's, the bundle's parse) from staying resident (docs/architecture.md › Images).
export const API_MALLOC_SETTINGS = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/** The settings, each unless the caller's environment sets it already. */
export function apiMallocEnv(env = process.env) {
  return Object.fromEntries(
    Object.entries(API_MALLOC_SETTINGS).map(([name, value]) => [name, env[name] ?? value]),
  );
}
