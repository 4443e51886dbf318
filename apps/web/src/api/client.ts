import { createApiClient } from '@latchkey/api-client';
import { currentLocale } from '../i18n';
import { authenticatedFetch, type TokenSource } from './authenticated-fetch';

/** Until the auth store plugs itself in, requests go out without a token. */
const guest: TokenSource = { accessToken: () => null, refreshAccessToken: async () => null };
let tokens: TokenSource = guest;

/** The auth store calls this once, so that every API call carries its token and shares its refresh. */
export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

/**
 * The one client the SPA talks to the API with. Same origin by default (the API serves the SPA, and Vite
 * proxies /api in development); VITE_API_ORIGIN points it elsewhere, for an API with CORS_ORIGINS set.
 * `include` sends the refresh cookie in that case too. Every request names the page's language, which a
 * sign-up keeps as the account's.
 */
const send = authenticatedFetch({
  accessToken: () => tokens.accessToken(),
  refreshAccessToken: () => tokens.refreshAccessToken(),
});

export const api = createApiClient(import.meta.env.VITE_API_ORIGIN ?? '', {
  credentials: 'include',
  fetch: (request) => {
    request.headers.set('accept-language', currentLocale());
    return send(request);
  },
});
