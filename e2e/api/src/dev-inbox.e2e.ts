import {
  ApiInstance,
  ProblemBody,
  expectStatus,
  passphrase,
  startApi,
  uniqueEmail,
  waitFor,
} from './support';

/**
 * The development inbox as JSON (issue 17, item 3): what a mobile client's integration test reads to find
 * its confirmation link. Refusal to clients from the network is in network.e2e.ts.
 */
interface InboxMessage {
  id: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  links: string[];
}

describe('GET /dev/mail/messages while the embedded catcher receives the mail (no SMTP_URL)', () => {
  let app: ApiInstance;
  beforeAll(async () => {
    app = await startApi({ env: { SMTP_URL: '' } });
  });
  afterAll(() => app?.stop());

  async function inbox(query = '') {
    const response = await fetch(`${app.baseUrl}/dev/mail/messages${query}`);
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as InboxMessage[],
    };
  }

  async function mailTo(email: string): Promise<InboxMessage> {
    return waitFor(`mail to ${email}`, async () => (await inbox(`?to=${encodeURIComponent(email)}`)).body[0]);
  }

  async function signUp(email: string): Promise<void> {
    expectStatus(await app.client.post('/auth/signup', { email, password: passphrase() }), 202);
  }

  it('lists messages newest first, each with its links, and filters by recipient', async () => {
    const first = uniqueEmail('inbox-first');
    const second = uniqueEmail('inbox-second');
    await signUp(first);
    await mailTo(first);
    await signUp(second);
    await mailTo(second);

    const all = await inbox();
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    const ids = all.body.map((mail) => mail.to);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
    expect(Date.parse(all.body[0].date)).toBeGreaterThanOrEqual(Date.parse(all.body[1].date));

    const mine = await inbox(`?to=${encodeURIComponent(first.toUpperCase())}`);
    expect(mine.body).toHaveLength(1);
    const [mail] = mine.body;
    expect(mail).toMatchObject({ to: first, subject: expect.any(String), text: expect.any(String) });
    const confirm = mail.links.find((link) => link.startsWith(`${app.publicUrl}/confirm-email?token=`));
    expect(confirm).toBeDefined();
    // The link works as it stands: its token confirms the address.
    const token = new URL(confirm!).searchParams.get('token');
    expectStatus(await app.client.post('/auth/email/confirm', { token }), 200);

    expect((await inbox('?limit=1')).body).toHaveLength(1);
  });

  it.each(['?limit=0', '?limit=abc', '?limit=201', '?unknown=1'])('answers %s with 400', async (query) => {
    const response = await inbox(query);
    expect(response.status).toBe(400);
    expect((response.body as unknown as ProblemBody).code).toEqual(expect.any(String));
  });
});

describe('GET /dev/mail/messages while mail goes out by SMTP_URL', () => {
  let app: ApiInstance;
  beforeAll(async () => {
    app = await startApi(); // SMTP_URL set (to a closed port): no catcher, no inbox
  });
  afterAll(() => app?.stop());

  it('answers 404 NOT_FOUND, as a server without an inbox', async () => {
    const response = await fetch(`${app.baseUrl}/dev/mail/messages`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as ProblemBody;
    expect(body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
