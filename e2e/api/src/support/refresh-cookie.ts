import type { ApiInstance } from './api-instance';
import type { LoginBody } from './flows';
import { ApiResponse, parseSetCookie, SetCookie } from './http-client';

/** The refresh cookie's name without the `__Secure-` prefix that it carries when PUBLIC_URL is https. */
export const REFRESH_COOKIE = 'latchkey_refresh';
/**
 * The header a caller without an Origin sends with a cookie refresh (docs/architecture.md › Tokens and
 * sessions).
 */
export const REFRESH_REQUEST_HEADER = 'x-requested-with';

/** The refresh cookie that a login, refresh or logout answer sets, whatever its prefix. */
export function refreshCookieOf(response: ApiResponse<unknown>): SetCookie | undefined {
  return response.cookies
    .map(parseSetCookie)
    .find((cookie) => cookie.name === REFRESH_COOKIE || cookie.name === `__Secure-${REFRESH_COOKIE}`);
}

/**
 * POST /auth/refresh with the cookie `name=value`, sent as a script without an Origin sends it: a JSON
 * body `{}` and the custom header. `headers` add to or override that (an empty string drops a header;
 * without a content type no body goes either).
 */
export function refreshWithCookie(
  app: ApiInstance,
  { name, value }: Pick<SetCookie, 'name' | 'value'>,
  headers: Record<string, string> = {},
): Promise<ApiResponse<LoginBody>> {
  const sent = Object.entries({
    cookie: `${name}=${value}`,
    [REFRESH_REQUEST_HEADER]: 'e2e',
    'content-type': 'application/json',
    ...headers,
  }).filter(([, headerValue]) => headerValue !== '');
  const withBody = sent.some(([headerName]) => headerName === 'content-type');
  return app.client.post<LoginBody>('/auth/refresh', undefined, {
    rawBody: withBody ? '{}' : undefined,
    headers: Object.fromEntries(sent),
  });
}
