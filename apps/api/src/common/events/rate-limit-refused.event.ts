import type { RateLimitPolicy } from '../../config/rate-limits';

/** A client went over a rate limit and was answered 429: for metrics, which count refusals by policy. */
export class RateLimitRefusedEvent {
  static readonly NAME = 'rate-limit.refused';

  constructor(readonly policy: RateLimitPolicy) {}
}
