import {
  expectProblem,
  expectStatus,
  signedInUser,
  uniqueNickname,
  UserProfile,
  useServers,
} from './support';

describe('PATCH /users/me and POST /users/me/avatar', () => {
  const servers = useServers();
  const app = () => servers.app;
  const rename = (token: string, body: unknown) =>
    app().client.patch<UserProfile>('/users/me', body, { token });
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });
  const avatarPath = (profile: UserProfile) => new URL(profile.avatarUrl).pathname.replace(/^\/api\/v1/, '');
  const signedIn = () => signedInUser(app(), servers.sink);

  describe('nickname', () => {
    it('changes the nickname (trimmed) and returns the profile with it and a new avatar URL', async () => {
      const user = await signedIn();
      const nickname = uniqueNickname('Ada.L');

      const response = await rename(user.accessToken, { nickname: `  ${nickname}\t` });

      expectStatus(response, 200);
      expect(response.body).toEqual({ ...user.user, nickname, avatarUrl: expect.any(String) });
      expect(response.body.avatarUrl).not.toBe(user.user.avatarUrl);
      expect((await me(user.accessToken)).body.nickname).toBe(nickname);
      expectStatus(await app().client.get(avatarPath(response.body)), 200);
    });

    it('lets an unconfirmed account change its nickname (signed in is enough)', async () => {
      const user = await signedInUser(app(), servers.sink, { confirmed: false });
      const nickname = uniqueNickname();
      const response = await rename(user.accessToken, { nickname });
      expectStatus(response, 200);
      expect(response.body).toMatchObject({ nickname, emailConfirmed: false });
    });

    it('allows changing only the letter case of one’s own nickname', async () => {
      const nickname = uniqueNickname('case');
      const user = await signedInUser(app(), servers.sink, { nickname });

      const response = await rename(user.accessToken, { nickname: nickname.toUpperCase() });

      expectStatus(response, 200);
      expect(response.body.nickname).toBe(nickname.toUpperCase());
    });

    it('refuses another account’s nickname in any case with 409 NICKNAME_TAKEN and changes nothing', async () => {
      const owner = await signedIn();
      const user = await signedIn();

      for (const nickname of [owner.user.nickname, owner.user.nickname.toUpperCase()]) {
        expectProblem(await rename(user.accessToken, { nickname }), 409, 'NICKNAME_TAKEN');
      }
      expect((await me(user.accessToken)).body.nickname).toBe(user.user.nickname);
      expect((await me(owner.accessToken)).body.nickname).toBe(owner.user.nickname);
    });

    it('gives a nickname to exactly one of two accounts asking for it at once; the other gets 409', async () => {
      const [first, second] = await Promise.all([signedIn(), signedIn()]);
      const nickname = uniqueNickname('raced');

      const responses = await Promise.all([
        rename(first.accessToken, { nickname }),
        rename(second.accessToken, { nickname: nickname.toUpperCase() }),
      ]);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expectProblem(
        responses.find((response) => response.status === 409)!,
        409,
        'NICKNAME_TAKEN',
      );
      const nicknames = await Promise.all([me(first.accessToken), me(second.accessToken)]);
      const holders = nicknames.filter((response) => response.body.nickname.toLowerCase() === nickname);
      expect(holders).toHaveLength(1);
    });

    it('keeps the profile as it is for an empty body or the same nickname', async () => {
      const user = await signedIn();
      for (const body of [{}, { nickname: user.user.nickname }]) {
        const response = await rename(user.accessToken, body);
        expectStatus(response, 200);
        expect(response.body).toEqual(user.user);
      }
    });

    it.each([
      ['too short', { nickname: 'ab' }, 'nickname'],
      ['too long', { nickname: 'x'.repeat(33) }, 'nickname'],
      ['only spaces around two letters', { nickname: '  ab  ' }, 'nickname'],
      ['a space inside', { nickname: 'ada lovelace' }, 'nickname'],
      ['markup', { nickname: '<b>ada</b>' }, 'nickname'],
      ['letters outside the allowed set', { nickname: 'adä-lovelace' }, 'nickname'],
      ['null', { nickname: null }, 'nickname'],
      ['a number', { nickname: 12345 }, 'nickname'],
      ['an unknown field', { role: 'admin' }, 'role'],
      ['a field only admins may set', { nickname: 'fine-name-1', approved: true }, 'approved'],
    ])('refuses %s with 400 VALIDATION_FAILED and changes nothing', async (_label, body, field) => {
      const user = await signedIn();

      const response = await app().client.patch('/users/me', body, { token: user.accessToken });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors?.map((error) => error.field)).toEqual([field]);
      expect((await me(user.accessToken)).body).toEqual(user.user);
    });

    it('refuses a body that is not JSON with 400 and a guest with 401', async () => {
      const user = await signedIn();
      const malformed = await app().client.request('PATCH', '/users/me', undefined, {
        token: user.accessToken,
        rawBody: '{"nickname": ',
      });
      expectProblem(malformed, 400, 'MALFORMED_JSON');
      expectProblem(
        await app().client.patch('/users/me', { nickname: uniqueNickname() }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });

  describe('avatar', () => {
    it('regenerates the tile: 200 with the profile, a new avatar URL and a different SVG', async () => {
      const user = await signedIn();
      const before = await app().client.get(avatarPath(user.user));

      const response = await app().client.post<UserProfile>('/users/me/avatar', undefined, {
        token: user.accessToken,
      });

      expectStatus(response, 200);
      expect(response.body).toEqual({ ...user.user, avatarUrl: expect.any(String) });
      expect(response.body.avatarUrl).not.toBe(user.user.avatarUrl);
      expect(avatarPath(response.body)).toBe(avatarPath(user.user));
      const after = await app().client.get(avatarPath(response.body));
      expectStatus(after, 200);
      expect(after.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(after.text).not.toBe(before.text);
      expect((await me(user.accessToken)).body.avatarUrl).toBe(response.body.avatarUrl);
    });

    it('never gives the same tile twice in a row', async () => {
      const user = await signedIn();
      let previous = (await app().client.get(avatarPath(user.user))).text;
      for (let round = 0; round < 5; round++) {
        const response = await app().client.post<UserProfile>('/users/me/avatar', undefined, {
          token: user.accessToken,
        });
        expectStatus(response, 200);
        const tile = (await app().client.get(avatarPath(response.body))).text;
        expect(tile).not.toBe(previous);
        previous = tile;
      }
    });

    it('refuses a guest with 401', async () => {
      expectProblem(await app().client.post('/users/me/avatar'), 401, 'UNAUTHENTICATED');
    });
  });
});
