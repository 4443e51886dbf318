import {
  authenticatorFor,
  expectProblem,
  expectStatus,
  fetchSigned,
  registerPasskey,
  signedInUser,
  uploaded,
  useServers,
} from './support';

/** Field names that would carry a secret; `hasPassword` (a flag) is no such field. */
const SECRET_FIELD = /hash|token|secret|ciphertext|publickey|credentialid|counter|^password|signature$/i;

interface ExportDocument {
  format: string;
  exportedAt: string;
  profile: { id: string; email: string; locale: string };
  sessions: { id: string; device: string; current: boolean }[];
  passkeys: { id: string; name: string; transports: string[] }[];
  images: { id: string; name: string; url: string; thumbnailUrl: string }[];
  activity: { type: string; details: Record<string, unknown> }[];
  [section: string]: unknown;
}

/** Every field name anywhere in a JSON value. */
function fieldNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(fieldNames);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, inner]) => [name, ...fieldNames(inner)]);
}

/** GET /users/me/export (§4): a JSON attachment of the account's data; recent auth required (§11). */
describe('GET /users/me/export', () => {
  const servers = useServers();
  const app = () => servers.app;
  const sink = () => servers.sink;
  const exportOf = (token?: string) => app().client.get<ExportDocument>('/users/me/export', { token });

  it('answers a JSON attachment with the profile, sessions, passkeys and images, and no secret', async () => {
    const user = await signedInUser(app(), sink());
    const passkey = await registerPasskey(app(), user.accessToken, authenticatorFor(app()), {
      name: 'Laptop',
    });
    const image = await uploaded(app(), user.accessToken, { name: 'Mine' });
    const stranger = await signedInUser(app(), sink());
    const strangers = await uploaded(app(), stranger.accessToken, { name: 'Not mine' });

    const response = await exportOf(user.accessToken);

    expectStatus(response, 200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="latchkey-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const document = response.body;
    expect(document.format).toBe('latchkey-account-export/1');
    expect(response.headers.get('content-disposition')).toContain(document.exportedAt.slice(0, 10));
    expect(document.profile).toEqual(
      expect.objectContaining({ id: user.user.id, email: user.email, locale: 'en' }),
    );
    expect(document.sessions).toEqual([
      expect.objectContaining({ current: true, device: expect.any(String) }),
    ]);
    expect(document.passkeys).toEqual([
      expect.objectContaining({ id: passkey.id, name: 'Laptop', transports: expect.any(Array) }),
    ]);
    expect(document.images.map(({ id }) => id)).toEqual([image.id]);
    expect(JSON.stringify(document)).not.toContain(strangers.id);
    // Newest first, as GET /users/me/activity lists it; the stranger's events are not in it.
    expect(document.activity.map(({ type }) => type)).toEqual([
      'account.passkey_added',
      'auth.signed_in',
      'account.email_confirmed',
      'account.signed_up',
    ]);
    expect(JSON.stringify(document.activity)).not.toContain(stranger.user.id);
    expectStatus(await fetchSigned(app(), document.images[0].thumbnailUrl), 200);

    expect(fieldNames(document).filter((name) => SECRET_FIELD.test(name))).toEqual([]);
    for (const secret of [user.refreshToken, user.accessToken, user.password]) {
      expect(response.text).not.toContain(secret);
    }
  });

  it('exports an account with nothing in it as empty sections', async () => {
    const user = await signedInUser(app(), sink());
    const response = await exportOf(user.accessToken);
    expectStatus(response, 200);
    expect(response.body).toEqual(
      expect.objectContaining({
        passkeys: [],
        images: [],
        activity: expect.arrayContaining([expect.objectContaining({ type: 'account.signed_up' })]),
        sessions: [expect.objectContaining({ current: true })],
      }),
    );
  });

  it('asks a session that signed in over 5 minutes ago to re-authenticate', async () => {
    const user = await signedInUser(app(), sink());
    await app().editDatabase((sql) =>
      sql(
        `UPDATE sessions SET authenticated_at = now() - interval '6 minutes'
         WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [user.email.toLowerCase()],
      ),
    );
    const response = await exportOf(user.accessToken);
    expectProblem(response, 403, 'REAUTHENTICATION_REQUIRED');
    expect(response.body.methods).toEqual(['password']);
    expect(response.headers.get('content-disposition')).toBeNull();

    const reauthenticated = await app().client.post(
      '/auth/reauthenticate',
      { password: user.password },
      { token: user.accessToken },
    );
    expect(reauthenticated.status).toBeLessThan(300);
    expectStatus(await exportOf(user.accessToken), 200);
  });

  it('answers 401 when signed out or with a forged token', async () => {
    expectProblem(await exportOf(), 401, 'UNAUTHENTICATED');
    expectProblem(await exportOf('not.a.token'), 401, 'UNAUTHENTICATED');
  });
});
