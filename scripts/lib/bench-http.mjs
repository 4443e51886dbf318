// Plain JSON calls for the bench's set-up steps (the measured requests go through autocannon).

/**
 * Sends `body` as JSON, if there is one (the API refuses an empty body that claims to be JSON), with `token`
 * as bearer, if given; throws unless the answer has `expectedStatus`.
 */
export async function call(baseUrl, method, path, body, expectedStatus, token) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(
      `${method} ${path} answered ${response.status} (expected ${expectedStatus}): ${text.slice(0, 300)}`,
    );
  }
  return text ? JSON.parse(text) : undefined;
}

/** Runs `task(i)` for i below `count`, at most `concurrency` at a time; resolves with the results in order. */
export async function inParallel(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
  return results;
}
