import { randomUUID } from 'node:crypto';
import {
  confirmFromMail,
  expectProblem,
  expectStatus,
  loginAs,
  signedInUser,
  signUp,
  useServers,
} from './support';

interface ImagePage {
  items: unknown[];
  page: number;
  pageSize: number;
  total: number;
}

describe('access by account state', () => {
  const servers = useServers();
  const app = () => servers.app;
  const images = (token?: string) => app().client.get<ImagePage>('/images', { token });

  it('refuses guests on a confirmed-only route with 401', async () => {
    const response = await images();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses an unconfirmed user with 403 EMAIL_NOT_CONFIRMED, then lets the same token in once confirmed', async () => {
    const account = await signUp(app(), servers.sink);
    const { accessToken } = await loginAs(app(), account);

    expectProblem(await images(accessToken), 403, 'EMAIL_NOT_CONFIRMED');

    await confirmFromMail(app(), account.mail);
    const response = await images(accessToken); // state comes from the database, not from token claims
    expectStatus(response, 200);
    expect(response.body).toEqual({
      items: expect.any(Array),
      page: expect.any(Number),
      pageSize: expect.any(Number),
      total: expect.any(Number),
    });
    expect(response.body.total).toBeGreaterThanOrEqual(response.body.items.length);
  });

  it('lets an unconfirmed user see their own profile (signed in is enough)', async () => {
    const user = await signedInUser(app(), servers.sink, { confirmed: false });
    const response = await app().client.get('/users/me', { token: user.accessToken });
    expectStatus(response, 200);
    expect(response.body.emailConfirmed).toBe(false);
  });

  it('serves the home images to guests', async () => {
    expectStatus(await app().client.get('/images/home'), 200);
  });

  describe('GET /users/:id/avatar', () => {
    it('is public and serves an inline-safe SVG', async () => {
      const { user } = await signedInUser(app(), servers.sink);

      const response = await app().client.get(`/users/${user.id}/avatar`);

      expectStatus(response, 200);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.text).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
      expect(response.text).not.toMatch(/<script|\son[a-z]+\s*=|javascript:|<foreignObject/i);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'|script-src 'none'/);
      expect(scriptSources(csp)).not.toMatch(/'self'|'unsafe-inline'|\*|https?:/);
    });

    it('is the same for everyone: no token needed, a token changes nothing', async () => {
      const viewer = await signedInUser(app(), servers.sink);
      const guest = await app().client.get(`/users/${viewer.user.id}/avatar`);
      const signedIn = await app().client.get(`/users/${viewer.user.id}/avatar`, {
        token: viewer.accessToken,
      });
      expect(signedIn.raw.equals(guest.raw)).toBe(true);
    });

    it('answers 404 for an unknown user', async () => {
      const response = await app().client.get(`/users/${randomUUID()}/avatar`);
      expectProblem(response, 404, 'NOT_FOUND');
      expect(response.body.detail).not.toMatch(/^Cannot GET/); // the route exists; the user does not
    });
  });
});

/** The script sources a CSP allows: script-src if given, otherwise default-src. */
function scriptSources(csp: string): string {
  const directives = new Map(
    csp.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name.toLowerCase(), values.join(' ')] as const;
    }),
  );
  return directives.get('script-src') ?? directives.get('default-src') ?? '*';
}
