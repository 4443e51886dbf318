import type { FastifyInstance } from 'fastify';

const serialized = new WeakMap<object, string>();

/**
 * Marks an answer that many requests are given as it is (a cached gallery page): its JSON is made now, once,
 * and every reply of this very object sends that text instead of serializing 20 kB again. The answer must
 * not change afterwards, which holds for anything shared between requests anyway.
 */
export function serializeOnce<T extends object>(answer: T): T {
  serialized.set(answer, JSON.stringify(answer));
  return answer;
}

/** Fastify's JSON serializer for every reply: the text made by serializeOnce, else JSON.stringify as before. */
export function useSharedAnswers(fastify: FastifyInstance): void {
  fastify.setReplySerializer(
    (payload) =>
      (typeof payload === 'object' && payload !== null && serialized.get(payload)) || JSON.stringify(payload),
  );
}
