import { randomBytes } from 'node:crypto';
import {
  accountCount,
  ApiInstance,
  confirmationMail,
  Credentials,
  expectProblem,
  expectStatus,
  isConfirmationMail,
  listImages,
  passphrase,
  signedInUser,
  signUp,
  uniqueEmail,
  uploaded,
  useServers,
  useTwoServers,
} from './support';

/**
 * docs/architecture.md › Passwords, lockout and throttling: lockout, per-IP counts and session state live in
 * the database, not in one process.
 */
const FAILURES_TO_LOCK = 10;
const bogusToken = () => randomBytes(32).toString('base64url');

const login = (app: ApiInstance, email: string, password: string) =>
  app.client.post('/auth/login', { email, password });
const confirm = (app: ApiInstance, token: string) => app.client.post('/auth/email/confirm', { token });
const me = (app: ApiInstance, token: string) => app.client.get('/users/me', { token });

/** Wrong passwords for `account`, sent in turn to each of `apps`. */
async function failAcross(apps: ApiInstance[], account: Credentials, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    expectProblem(
      await login(apps[i % apps.length], account.email, passphrase()),
      401,
      'INVALID_CREDENTIALS',
    );
  }
}

describe('security state outlives the instance that made it', () => {
  const servers = useServers({ env: { RATE_LIMIT_TOKEN: '3/1h' } });
  const app = () => servers.app;

  it('keeps a lockout, a per-IP count and a logout across a restart', async () => {
    const locked = await signUp(app(), servers.sink);
    await failAcross([app()], locked, FAILURES_TO_LOCK);
    const loggedOut = await signedInUser(app(), servers.sink, { confirmed: false });
    expectStatus(await app().client.post('/auth/logout', undefined, { token: loggedOut.accessToken }), 204);
    for (let i = 0; i < 3; i++) expectProblem(await confirm(app(), bogusToken()), 400, 'INVALID_TOKEN');

    await app().restart();

    expectProblem(await login(app(), locked.email, locked.password), 401, 'INVALID_CREDENTIALS');
    expectProblem(await confirm(app(), bogusToken()), 429, 'TOO_MANY_REQUESTS');
    expectProblem(await me(app(), loggedOut.accessToken), 401, 'UNAUTHENTICATED');
  });
});

if (!process.env.DATABASE_URL) {
  console.info(
    'Two API instances on one database: not run on PGlite, which one process holds alone; ' +
      'they run with DATABASE_URL set, as in the PostgreSQL run of CI',
  );
} else {
  describe('two API instances on one PostgreSQL database', () => {
    const servers = useTwoServers({ sameDatabase: true, env: { RATE_LIMIT_TOKEN: '4/1h' } });

    it('adds up failures at both instances to one lockout', async () => {
      const { app: first, second, sink } = servers;
      const account = await signUp(first, sink);
      const control = await signUp(first, sink);
      await failAcross([first, second], account, FAILURES_TO_LOCK);
      await failAcross([first, second], control, FAILURES_TO_LOCK - 1);

      const atFirst = await login(first, account.email, account.password);
      const atSecond = await login(second, account.email, account.password);

      expectProblem(atFirst, 401, 'INVALID_CREDENTIALS');
      expectProblem(atSecond, 401, 'INVALID_CREDENTIALS');
      expectStatus(await login(second, control.email, control.password), 200);
    });

    it('shares one per-IP count between the instances', async () => {
      const { app: first, second } = servers;
      for (const instance of [first, second, first, second]) {
        expectProblem(await confirm(instance, bogusToken()), 400, 'INVALID_TOKEN');
      }

      expectProblem(await confirm(first, bogusToken()), 429, 'TOO_MANY_REQUESTS');
      expectProblem(await confirm(second, bogusToken()), 429, 'TOO_MANY_REQUESTS');
    });

    it('refuses a session at the other instance as soon as it logs out at one', async () => {
      const { app: first, second, sink } = servers;
      const user = await signedInUser(first, sink, { confirmed: false }); // confirming would count against the token limit
      expectStatus(await me(second, user.accessToken), 200);

      expectStatus(await first.client.post('/auth/logout', undefined, { token: user.accessToken }), 204);

      expectProblem(await me(second, user.accessToken), 401, 'UNAUTHENTICATED');
      const refresh = await second.client.post('/auth/refresh', { refreshToken: user.refreshToken });
      expectProblem(refresh, 401, 'INVALID_REFRESH_TOKEN');
    });

    it('makes one account of 20 parallel sign-ups of one address spread over both', async () => {
      const { app: first, second, sink } = servers;
      const email = uniqueEmail('race');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (index % 2 ? first : second).client.post('/auth/signup', {
            email: index % 3 ? email.toUpperCase() : email,
            password: passphrase(),
          }),
        ),
      );

      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(202));
      expect(await accountCount(first, email)).toBe(1);
      await confirmationMail(first, sink, email);
      await sink.waitForQuiet(1_000);
      expect(sink.matching({ to: email }).filter((mail) => isConfirmationMail(first, mail))).toHaveLength(1);
    });
  });

  describe('the gallery of two API instances on one PostgreSQL database', () => {
    const gallery = useTwoServers({ sameDatabase: true });

    it("shows a change made at one instance in the other's gallery a moment later", async () => {
      const { app: first, second, sink } = gallery;
      const user = await signedInUser(first, sink);
      const image = await uploaded(first, user.accessToken, { name: 'Before the rename' });
      const nameAtSecond = async () =>
        (await listImages(second, '/images', user.accessToken)).items.find(({ id }) => id === image.id)?.name;
      expect(await nameAtSecond()).toBe('Before the rename');

      const renamed = await first.client.patch(
        `/images/${image.id}`,
        { name: 'After the rename' },
        { token: user.accessToken },
      );
      expectStatus(renamed, 200);

      // Another instance hears of the change when PostgreSQL notifies it, within milliseconds of the commit;
      // a second is far below the cache's lifetime, so only the notification can have cleared it.
      const deadline = Date.now() + 1_000;
      let name = await nameAtSecond();
      while (name !== 'After the rename' && Date.now() < deadline) name = await nameAtSecond();
      expect(name).toBe('After the rename');
    });
  });
}
