import { ProblemException } from '../common/problem/problem';

export interface ProblemSummary {
  status: number;
  code: string;
}

/**
 * The HTTP status and code of the ProblemException that `action` throws (or rejects with). Anything
 * else escapes, and an action that succeeds fails the test.
 */
export async function problemFrom(action: () => unknown): Promise<ProblemSummary> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ProblemException) return { status: error.getStatus(), code: error.code };
    throw error;
  }
  throw new Error('expected a ProblemException, but the action succeeded');
}
