import Bowser from 'bowser';

export const UNKNOWN_DEVICE = 'Unknown device';
const MAX_LABEL_LENGTH = 64;

/**
 * A short name people recognise for the device behind a user agent, such as "Firefox on Linux" or
 * "Safari on iOS". Clients no parser knows (curl, scripts) are named by their first product token.
 * Computed when sessions are listed, so a better parser also relabels sessions started earlier.
 */
export function deviceLabel(userAgent: string | null): string {
  // The header is the client's to choose: drop control characters before anything reads or shows it.
  const cleaned = userAgent?.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  if (!cleaned) return UNKNOWN_DEVICE;
  const { browser, os } = Bowser.parse(cleaned);
  const label = [browser.name, os.name].filter(Boolean).join(' on ') || productName(cleaned);
  return label.slice(0, MAX_LABEL_LENGTH);
}

/** "curl/8.5.0 (x86_64)" → "curl": the product without its version or comments. */
function productName(userAgent: string): string {
  return userAgent.split(/[\s/(]/)[0] || UNKNOWN_DEVICE;
}
