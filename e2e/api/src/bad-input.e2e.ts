import { request as httpRequest } from 'node:http';
import {
  ApiResponse,
  expectProblem,
  expectStatus,
  SignedInUser,
  signedInUser,
  uniqueEmail,
  useServers,
  waitFor,
} from './support';

/** Limits every operation shares (docs/architecture.md, Errors and bad input). */
const MAX_JSON_DEPTH = 32;
const MAX_PAGE = 100_000;
const PAGINATED_LISTS = ['/images', '/users/me/images', '/admin/images', '/admin/users'];

/** `depth` levels of arrays around a number, as JSON text: `[[[1]]]` is three levels. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
/** A JSON text for `{"email": <value>}` where the value's text is given as is (escapes stay escapes). */
const withEmail = (valueText: string) => `{"email":${valueText},"password":"lantern quietly orbit"}`;

/** Hostile input that must be refused with a 4xx problem, never a 5xx (issue 11, items 18 to 21). */
describe('bad input', () => {
  const servers = useServers();
  const app = () => servers.app;
  let user: SignedInUser;

  beforeAll(async () => {
    user = await signedInUser(app(), servers.sink);
  });

  /** The API logs after answering, so the line may reach us a moment after the response. */
  const logLineWith = (requestId: string) =>
    waitFor(`a log line with request id ${requestId}`, () =>
      app().logs.includes(requestId) ? true : undefined,
    );

  /** A problem answer with a request id that the API's log names too. */
  async function expectLoggedProblem(response: ApiResponse, status: number, code: string) {
    expectProblem(response, status, code);
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    await logLineWith(requestId);
  }

  describe('JSON nesting', () => {
    const deepBody = `{"email":${nestedArrays(3000)}}`;

    it.each([
      ['POST', '/auth/signup'],
      ['POST', '/auth/login'],
      ['POST', '/auth/password/forgot'],
      ['POST', '/auth/password/reset'],
      ['POST', '/auth/email/confirm'],
      ['POST', '/auth/refresh'],
    ])('refuses a body nested 3,000 levels deep on %s %s with 400 JSON_TOO_DEEP', async (method, path) => {
      const response = await app().client.request(method, path, undefined, { rawBody: deepBody });
      expectProblem(response, 400, 'JSON_TOO_DEEP');
    });

    it('refuses it on signed-in operations too, before validation', async () => {
      const { client } = app();
      const token = user.accessToken;
      for (const [method, path] of [
        ['PATCH', '/users/me'],
        ['PUT', '/users/me/password'],
        ['POST', '/users/me/email'],
        ['DELETE', '/users/me'],
      ]) {
        const response = await client.request(method, path, undefined, { rawBody: deepBody, token });
        expectProblem(response, 400, 'JSON_TOO_DEEP');
      }
    });

    it(`reads ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}`, async () => {
      const login = (depth: number) =>
        app().client.post('/auth/login', undefined, { rawBody: withEmail(nestedArrays(depth - 1)) });
      expectProblem(await login(MAX_JSON_DEPTH), 400, 'VALIDATION_FAILED');
      expectProblem(await login(MAX_JSON_DEPTH + 1), 400, 'JSON_TOO_DEEP');
    });

    it('does not count brackets inside strings', async () => {
      const bracketsInText = JSON.stringify({ email: '[{'.repeat(500), password: '\\"[[[' });
      const response = await app().client.post('/auth/login', undefined, { rawBody: bracketsInText });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  });

  describe('page and pageSize', () => {
    const listPage = (path: string, query: string) =>
      app().client.get(`${path}?${query}`, { token: user.accessToken });

    it.each([
      'page=384307168202282326',
      'page=1e308',
      'page=1e3',
      'page=1.5',
      'page=-1',
      'page=0',
      'page=0x10',
      'page=',
      `page=${MAX_PAGE + 1}`,
      'pageSize=1e2',
      'pageSize=101',
      'pageSize=99999999999999999999',
      'page=2&page=3',
    ])('refuses ?%s on GET /images and GET /users/me/images with 400 VALIDATION_FAILED', async (query) => {
      for (const path of ['/images', '/users/me/images']) {
        const response = await listPage(path, query);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors?.[0]?.field).toMatch(/^page(Size)?$/);
      }
    });

    it(`answers the last allowed page (${MAX_PAGE}, 100 items a page) with an empty list`, async () => {
      const response = await listPage('/images', `page=${MAX_PAGE}&pageSize=100`);
      expectStatus(response, 200);
      expect(response.body).toMatchObject({ items: [], page: MAX_PAGE, pageSize: 100 });
    });

    it('states the bounds of page and pageSize as integers in the OpenAPI document', async () => {
      type Parameter = { name: string; in: string; schema: Record<string, unknown> };
      type Document = { paths: Record<string, { get: { parameters: Parameter[] } }> };
      const { body } = await app().client.get<Document>('/api/docs/openapi.json');
      for (const path of PAGINATED_LISTS) {
        const parameters = body.paths[`/api/v1${path}`].get.parameters;
        const schemaOf = (name: string) => parameters.find((parameter) => parameter.name === name)?.schema;
        expect(schemaOf('page')).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_PAGE });
        expect(schemaOf('pageSize')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
      }
    });
  });

  describe('ill-formed text', () => {
    const loneSurrogate = '"someone\\ud800@example.com"';

    it.each([
      ['/auth/signup', withEmail(loneSurrogate)],
      ['/auth/password/forgot', `{"email":${loneSurrogate}}`],
      ['/auth/login', withEmail(loneSurrogate)],
    ])('refuses a lone surrogate in the email on POST %s with 400 naming the field', async (path, body) => {
      const response = await app().client.post(path, undefined, { rawBody: body });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([
        { field: 'email', code: 'IS_WELL_FORMED', message: expect.any(String) },
      ]);
    });

    it('refuses one in the new address of an email change, and a trailing one anywhere in a body', async () => {
      const change = await app().client.post('/users/me/email', undefined, {
        rawBody: `{"newEmail":${loneSurrogate},"currentPassword":"${user.password}"}`,
        token: user.accessToken,
      });
      expectProblem(change, 400, 'VALIDATION_FAILED');
      expect(change.body.errors?.[0]).toMatchObject({ field: 'newEmail', code: 'IS_WELL_FORMED' });

      const rename = await app().client.request('PATCH', '/users/me', undefined, {
        rawBody: '{"nickname":"cat\\udc00"}',
        token: user.accessToken,
      });
      expectProblem(rename, 400, 'VALIDATION_FAILED');
    });

    it.each([
      ['/auth/login', withEmail('"\\u0000someone@example.com"')],
      ['/auth/password/forgot', '{"email":"someone@example.com\\u0000"}'],
      ['/auth/magic-link', '{"email":"\\u0000a@example.com","codeChallenge":"x"}'],
    ])(
      'refuses a NUL character (PostgreSQL text cannot hold it) on POST %s with 400 naming the field',
      async (path, body) => {
        const response = await app().client.post(path, undefined, { rawBody: body });
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([
          { field: 'email', code: 'NO_NUL_CHARACTER', message: expect.any(String) },
        ]);
      },
    );

    it('accepts a well-formed pair of surrogates (an emoji) as text', async () => {
      const response = await app().client.post('/auth/password/forgot', undefined, {
        rawBody: `{"email":"${uniqueEmail()}\\ud83d\\ude00"}`,
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors?.[0]?.code).not.toBe('IS_WELL_FORMED');
    });
  });

  describe("Fastify's own refusals", () => {
    it('answers bad percent-encoding in a path with a logged 400 MALFORMED_URL problem', async () => {
      const response = await app().client.get('/users/%zz/avatar');
      await expectLoggedProblem(response, 400, 'MALFORMED_URL');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('answers a path parameter over 100 characters with a logged 414 URI_TOO_LONG problem', async () => {
      const response = await app().client.get(`/images/${'a'.repeat(120)}`, { token: user.accessToken });
      await expectLoggedProblem(response, 414, 'URI_TOO_LONG');
    });

    it('answers headers over the limit with a logged 431 problem', async () => {
      const response = await rawGet('/api/v1/health/live', { 'x-padding': 'a'.repeat(20_000) });
      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(response.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
      const requestId = response.headers['x-request-id'];
      expect(requestId).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
      await logLineWith(requestId);
    });

    it('answers an unsupported content type and malformed JSON with logged problems', async () => {
      const xml = await app().client.post('/auth/login', undefined, {
        rawBody: '<login/>',
        contentType: 'application/xml',
      });
      await expectLoggedProblem(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const malformed = await app().client.post('/auth/login', undefined, { rawBody: '{"email":' });
      await expectLoggedProblem(malformed, 400, 'MALFORMED_JSON');
    });
  });

  /** A GET through node:http, which (unlike fetch) sends headers of any size. */
  function rawGet(path: string, headers: Record<string, string>) {
    return new Promise<{ status: number; headers: Record<string, string>; body: string }>(
      (resolve, reject) => {
        const url = new URL(app().baseUrl);
        const request = httpRequest({ host: url.hostname, port: url.port, path, headers }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers as Record<string, string>,
              body,
            }),
          );
        });
        request.on('error', reject);
        request.end();
      },
    );
  }
});
