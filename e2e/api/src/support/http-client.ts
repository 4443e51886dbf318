/** The error body of every failed request, (docs/architecture.md › Errors and bad input). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** Default body type: problem fields typed, anything else present but unknown until a test narrows it. */
export type LooseBody = Partial<ProblemBody> & { [key: string]: unknown };

export interface ApiResponse<T = LooseBody> {
  status: number;
  headers: Headers;
  /** Parsed JSON (for JSON and problem+json responses), otherwise undefined. */
  body: T;
  text: string;
  /** The exact bytes received, for byte-for-byte comparisons. */
  raw: Buffer;
  /** Set-Cookie headers, one entry per cookie. */
  cookies: string[];
}

export interface RequestOptions {
  /** Access token sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
}

export interface RawRequestOptions extends RequestOptions {
  /** Sent as-is, with `contentType` (default application/json), instead of a JSON-encoded body. */
  rawBody?: string | Buffer;
  contentType?: string;
  /** Sent as multipart/form-data (fetch writes the content type and its boundary). */
  form?: FormData;
}

/**
 * A tiny client for the API under test. Paths starting with `/api/` are used as given (docs, spec);
 * all others are relative to `/api/v1`. Never throws on an HTTP status: tests assert statuses themselves.
 */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  get<T = LooseBody>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = LooseBody>(path: string, body?: unknown, options?: RawRequestOptions) {
    return this.request<T>('POST', path, body, options);
  }

  patch<T = LooseBody>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, body, options);
  }

  put<T = LooseBody>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, body, options);
  }

  delete<T = LooseBody>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('DELETE', path, body, options);
  }

  /** A path under /api/v1 unless it names /api/ itself, or a whole URL (routes at the origin's root). */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return this.baseUrl + (path.startsWith('/api/') ? path : `/api/v1${path}`);
  }

  async request<T = LooseBody>(
    method: string,
    path: string,
    body?: unknown,
    options: RawRequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let payload: string | Buffer | FormData | undefined;
    if (options.form !== undefined) {
      payload = options.form;
    } else if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] ??= options.contentType ?? 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.url(path), { method, headers, body: payload, redirect: 'manual' });
    const raw = Buffer.from(await response.arrayBuffer());
    const text = raw.toString('utf8');
    const isJson = /^application\/([a-z.+-]*\+)?json\b/i.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson && text ? JSON.parse(text) : undefined) as T,
      text,
      raw,
      cookies: response.headers.getSetCookie(),
    };
  }
}

/** A parsed Set-Cookie header: name, value and attributes (names lower-cased; flags map to true). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair, ...parts] = header.split(';').map((part) => part.trim());
  const separator = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals < 0) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, equals).toLowerCase()] = part.slice(equals + 1);
  }
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes };
}
