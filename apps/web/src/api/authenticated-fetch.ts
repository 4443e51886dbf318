/** Where the fetch wrapper gets the access token, and how it gets a new one. */
export interface TokenSource {
  accessToken(): string | null;
  /** One shared refresh for everyone who asks while it runs; null when the session is over. */
  refreshAccessToken(): Promise<string | null>;
}

/** Endpoints whose 401 is an answer about credentials, not about an expired access token. */
const CREDENTIAL_ENDPOINTS = ['/auth/login', '/auth/refresh'];

/**
 * The fetch behind the API client: adds the bearer token, and when the API answers 401 (the access token
 * expired, docs/architecture.md › Tokens and sessions) gets a fresh token and sends the request once more.
 * Requests that fail together wait
 * for the same refresh, and a request whose token was already replaced while it ran is simply resent.
 */
export function authenticatedFetch(tokens: TokenSource): (request: Request) => Promise<Response> {
  return async (request) => {
    const token = tokens.accessToken();
    if (!token || isCredentialEndpoint(request)) return fetch(request);
    const retry = request.clone(); // the first attempt consumes the body
    const response = await fetch(withBearer(request, token));
    if (response.status !== 401) return response;

    const fresh = await renewedToken(tokens, token);
    return fresh ? fetch(withBearer(retry, fresh)) : response;
  };
}

/**
 * The token to try again with after `used` was refused with a 401: the current one when another request
 * already replaced it meanwhile, else a fresh one from the shared refresh (null when the session is over).
 * Uploads (XMLHttpRequest, for their progress events) follow the same rule.
 */
export async function renewedToken(tokens: TokenSource, used: string): Promise<string | null> {
  const current = tokens.accessToken();
  return current && current !== used ? current : tokens.refreshAccessToken();
}

function withBearer(request: Request, token: string): Request {
  request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

function isCredentialEndpoint(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return CREDENTIAL_ENDPOINTS.some((endpoint) => path.endsWith(endpoint));
}
