import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

/**
 * Node environment that remembers whether any test of the file failed, so the API harness can print the
 * server's captured output exactly when it helps: after a failure, not on every green run.
 */
export default class E2eEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
      this.global.__E2E_FAILURES__ = ((this.global.__E2E_FAILURES__ as number | undefined) ?? 0) + 1;
    }
  }
}
