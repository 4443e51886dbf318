const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses "250ms", "900", "900s", "15m", "12h" or "7d" into milliseconds; a bare number means seconds.
 * Undefined when the text is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|[smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] || 's'];
}

/** Like parseDurationMs, in whole seconds; undefined when the text is not a whole number of seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const ms = parseDurationMs(text);
  return ms === undefined || ms % 1000 !== 0 ? undefined : ms / 1000;
}
