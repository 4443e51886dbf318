import fc from 'fast-check';
import {
  ApiInstance,
  ApiResponse,
  describeRequest,
  documentedOperations,
  expectStatus,
  FuzzRequest,
  requestsFor,
  runAdminCli,
  SignedInUser,
  signedInUser,
  SmtpSink,
  useServers,
} from './support';

/**
 * Every operation of the committed OpenAPI document, called with requests made from its schema and mixed
 * with hostile values (deep JSON, 1e308, lone surrogates, long text, wrong types, bad percent-encoding).
 * No answer may be a 5xx, and every 4xx is a problem with a stable code and a request id.
 * Replay a failure with FUZZ_SEED=<the printed seed>; FUZZ_RUNS sets the requests per operation and seed.
 */
const FIXED_SEED = 20_261_205;
const randomSeed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 15);
const STABLE_CODE = /^[A-Z][A-Z0-9_]*$/;

const operations = documentedOperations();

describe('OpenAPI fuzz', () => {
  const servers = useServers();
  let accounts: FuzzAccounts;

  beforeAll(async () => {
    console.log(
      `OpenAPI fuzz: fixed seed ${FIXED_SEED}, random seed ${randomSeed} (FUZZ_SEED=${randomSeed})`,
    );
    accounts = await FuzzAccounts.create(servers.app, servers.sink);
  });

  describe.each([
    ['fixed seed', FIXED_SEED],
    ['random seed', randomSeed],
  ])('%s %d', (_label, seed) => {
    it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation]))(
      '%s answers no 5xx, and 4xx only as problems',
      async (_name, operation) => {
        await fc.assert(
          fc.asyncProperty(requestsFor(operation), async (request) => {
            const response = await accounts.send(request);
            expectNoServerFault(request, response);
          }),
          { seed, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
        );
      },
    );
  });
});

function expectNoServerFault(request: FuzzRequest, response: ApiResponse): void {
  const what = `${describeRequest(request)} answered ${response.status}`;
  if (response.status >= 500) throw new Error(`${what}: ${response.text.slice(0, 500)}`);
  if (response.status < 400) return;
  const contentType = response.headers.get('content-type') ?? '';
  const code = (response.body as { code?: unknown } | undefined)?.code;
  if (
    !contentType.startsWith('application/problem+json') ||
    typeof code !== 'string' ||
    !STABLE_CODE.test(code)
  ) {
    throw new Error(`${what} without a problem and code (${contentType}): ${response.text.slice(0, 500)}`);
  }
  if (!response.headers.get('x-request-id')) throw new Error(`${what} without an x-request-id`);
}

/**
 * A confirmed user and an admin (appointed with the admin CLI) whose tokens guarded operations get, so that
 * the fuzz reaches their validation. The fuzz may end their sessions (logout, wrong current passwords), so a
 * session that answers 401 signs in again, and an account that can no longer sign in is replaced.
 */
class FuzzAccounts {
  private constructor(
    private readonly app: ApiInstance,
    private readonly sink: SmtpSink,
    private user: SignedInUser,
    private admin: SignedInUser | undefined,
  ) {}

  static async create(app: ApiInstance, sink: SmtpSink): Promise<FuzzAccounts> {
    const user = await signedInUser(app, sink);
    const candidate = await signedInUser(app, sink);
    const cli = await app.besideTheApp(() => runAdminCli(app, ['grant', candidate.email]));
    if (cli.exitCode !== 0) {
      console.warn(`OpenAPI fuzz without an admin: the admin CLI said ${cli.stderr}`);
      return new FuzzAccounts(app, sink, user, undefined);
    }
    return new FuzzAccounts(app, sink, user, await FuzzAccounts.signIn(app, candidate));
  }

  async send(request: FuzzRequest): Promise<ApiResponse> {
    const account = request.auth === 'admin' ? (this.admin ?? this.user) : this.user;
    const token =
      request.auth === 'none' ? undefined : request.auth === 'garbage' ? 'not.a.token' : account.accessToken;
    const body = request.body;
    const response = await this.app.client.request(request.method, request.path, undefined, {
      token,
      ...(body === undefined
        ? {}
        : 'form' in body
          ? { form: formData(body.form) }
          : { rawBody: body.text, contentType: body.contentType }),
    });
    if (response.status === 401 && token === account.accessToken) await this.revive(account);
    return response;
  }

  /** Signs the account in again when its session ended; replaces it when it cannot sign in any more. */
  private async revive(account: SignedInUser): Promise<void> {
    const me = await this.app.client.get('/users/me', { token: account.accessToken });
    if (me.status !== 401) return;
    const login = await this.app.client.post<{ accessToken: string }>('/auth/login', {
      email: account.email,
      password: account.password,
    });
    if (login.status === 200) {
      account.accessToken = login.body.accessToken;
    } else if (account === this.admin) {
      this.admin = undefined;
    } else {
      this.user = await signedInUser(this.app, this.sink);
    }
  }

  private static async signIn(app: ApiInstance, account: SignedInUser): Promise<SignedInUser> {
    const login = await app.client.post<SignedInUser>('/auth/login', {
      email: account.email,
      password: account.password,
    });
    expectStatus(login, 200);
    return { ...account, user: login.body.user, accessToken: login.body.accessToken };
  }
}

function formData(entries: [string, string | number[]][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value)]), 'upload.bin');
  }
  return form;
}
