/**
 * A link in mail to an SPA page that POSTs the token (`PUBLIC_URL/<page>?token=…`). Only that POST
 * consumes the token, so a mail scanner fetching the link burns nothing.
 */
export function spaLink(publicUrl: string, page: string, token: string): string {
  return `${publicUrl}/${page}?token=${encodeURIComponent(token)}`;
}
