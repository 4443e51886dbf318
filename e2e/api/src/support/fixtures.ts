import { randomBytes } from 'node:crypto';
import type { ApiResponse } from './http-client';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** An address no other test (or earlier run on the same server) uses. */
export function uniqueEmail(label = 'user'): string {
  return `${label}.${hex(5)}@example.com`;
}

/** A long passphrase: over PASSWORD_MIN_LENGTH (15), under 72 bytes, not common, unrelated to email or nickname. */
export function passphrase(): string {
  return `lantern ${hex(4)} quietly ${hex(4)} orbit`;
}

/** Well-formed tokens the server never issued: every route that takes a mailed token refuses them alike. */
export const UNISSUED_TOKENS: [label: string, token: string][] = [
  ['a random token', randomBytes(32).toString('base64url')],
  ['a mangled real-looking token', 'x'],
  ['a token with SQL in it', "' OR 1=1 --"],
];

export function uniqueNickname(label = 'tester'): string {
  return `${label}-${hex(4)}`;
}

/** Fails with the response body in the message (plain toBe(200) would hide why a request failed). */
export function expectStatus(response: ApiResponse<unknown>, status: number): void {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text.slice(0, 2000)}`);
  }
}

/** Checks the common shape of a problem response and returns its code for further assertions. */
export function expectProblem(response: ApiResponse<unknown>, status: number, code: string): void {
  expectStatus(response, status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
    }),
  );
}
