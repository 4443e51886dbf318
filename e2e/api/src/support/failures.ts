/** True once a test or hook of the running file has failed (counted by e2e-environment.ts). */
export function anyTestFailed(): boolean {
  return ((globalThis as { __E2E_FAILURES__?: number }).__E2E_FAILURES__ ?? 0) > 0;
}
