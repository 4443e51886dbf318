import Fastify from 'fastify';
import { serializeOnce, useSharedAnswers } from './shared-answers';

describe('shared answers', () => {
  const shared = serializeOnce({ items: ['cat'], total: 1 });
  const app = Fastify();
  useSharedAnswers(app);
  app.get('/shared', async () => shared);
  app.get('/fresh', async () => ({ items: ['dog'], nested: { total: 2 } }));
  app.get('/list', async () => [1, 2]);

  afterAll(() => app.close());

  it('sends the JSON made when the answer was marked, not a new serialization', async () => {
    // Changing a shared answer is a bug; here it shows that the reply did not serialize the object again.
    (shared.items as string[]).push('changed later');

    const reply = await app.inject('/shared');

    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.body).toBe('{"items":["cat"],"total":1}');
  });

  it('serializes every other answer as before', async () => {
    expect((await app.inject('/fresh')).json()).toEqual({ items: ['dog'], nested: { total: 2 } });
    expect((await app.inject('/list')).body).toBe('[1,2]');
  });
});
