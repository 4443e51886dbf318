import { TOTP } from 'otpauth';
import { delay } from './wait';

/** TOTP as the server uses it (docs/architecture.md › Two-step verification): 30-second steps, ±1 accepted. */
export const TOTP_STEP_MS = 30_000;
/** A step this close to its end may be over by the time the server checks: no code is sent from it. */
const STEP_END_MARGIN_MS = 3_000;
/**
 * How long a code handed out must stay acceptable: a request on a loaded machine (four files at a time on
 * PGlite) took longer than the last 3 s of a step, and the previous step's code was refused on arrival.
 */
const CODE_ACCEPTED_FOR_MS = 10_000;

/** The code of `secret` at `timestamp` (ms), computed with the same library an authenticator app would use. */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return TOTP.generate({ secret: new TOTP({ secret }).secret, timestamp });
}

export function stepOf(timestamp: number): number {
  return Math.floor(timestamp / TOTP_STEP_MS);
}

/** Waits, if needed, until at least `marginMs` of the current step are left, and returns the time then. */
export async function awayFromStepEnd(marginMs = STEP_END_MARGIN_MS): Promise<number> {
  const left = TOTP_STEP_MS - (Date.now() % TOTP_STEP_MS);
  if (left < marginMs) await delay(left + 50);
  return Date.now();
}

/**
 * The phone in a test: hands out codes the server has not accepted yet. Each accepted code makes its step
 * and every earlier one unusable, so it picks the earliest step after the last one that the server takes
 * (±1 of its step) for CODE_ACCEPTED_FOR_MS more, and waits when all are used.
 */
export class AuthenticatorApp {
  private lastStep = -Infinity;

  constructor(readonly secret: string) {}

  /** A fresh code; `spent` false leaves its step free (for a code the test expects to be refused). */
  async nextCode(spent = true): Promise<string> {
    for (;;) {
      const now = Date.now();
      // The server takes a step from the one before it to the one after: the earliest unused step that it
      // still takes CODE_ACCEPTED_FOR_MS from now.
      const step = Math.max(this.lastStep + 1, stepOf(now + CODE_ACCEPTED_FOR_MS) - 1);
      if (step <= stepOf(now) + 1) {
        if (spent) this.lastStep = step;
        return totpCode(this.secret, step * TOTP_STEP_MS);
      }
      await delay(TOTP_STEP_MS - (now % TOTP_STEP_MS) + 50);
    }
  }

  /**
   * Waits until the step before the current one is unused, so that a code of the step before is taken:
   * the last code handed out may have spent the step that is now the one before (or even the current one).
   */
  async untilStepBeforeIsFree(): Promise<void> {
    while (stepOf(Date.now()) - 1 <= this.lastStep) {
      await delay(TOTP_STEP_MS - (Date.now() % TOTP_STEP_MS) + 50);
    }
  }

  /** Marks a step used by a request the test made itself (e.g. a replay it expects to be refused). */
  used(code: string, timestamp: number): string {
    this.lastStep = Math.max(this.lastStep, stepOf(timestamp));
    return code;
  }
}
