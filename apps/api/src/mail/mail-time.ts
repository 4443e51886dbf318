/** "2026-05-04 13:07 UTC": readable in any mail client, and unambiguous about the time zone. */
export function formatUtc(instant: Date): string {
  return `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
