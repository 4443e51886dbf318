import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetMagicLink, newestMagicLink, newPkcePair, rememberMagicLink, verifierFor } from './magic-links';

const HOUR = 3_600_000;

beforeEach(() => localStorage.clear());

describe('newPkcePair', () => {
  it('makes a 43-character verifier and its S256 challenge (RFC 7636)', async () => {
    const { codeVerifier, codeChallenge } = await newPkcePair();
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeChallenge).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
    expect((await newPkcePair()).codeVerifier).not.toBe(codeVerifier);
  });
});

describe('the verifiers this browser keeps', () => {
  it('keeps one per address, the newest winning, and forgets a spent one', () => {
    const now = Date.now();
    rememberMagicLink('ada@example.com', 'first', now - 3_000);
    rememberMagicLink('bob@example.com', 'bobs', now - 2_000);
    rememberMagicLink('ada@example.com', 'second', now - 1_000);

    expect(verifierFor('ada@example.com')).toBe('second');
    expect(newestMagicLink()).toMatchObject({ email: 'ada@example.com', codeVerifier: 'second' });
    forgetMagicLink('second');
    expect(verifierFor('ada@example.com')).toBeUndefined();
    expect(newestMagicLink()).toMatchObject({ codeVerifier: 'bobs' });
  });

  it('drops them after an hour, the longest a mailed link lives', () => {
    rememberMagicLink('ada@example.com', 'old', 0);
    expect(verifierFor('ada@example.com', HOUR - 1)).toBe('old');
    expect(verifierFor('ada@example.com', HOUR)).toBeUndefined();
    expect(newestMagicLink(HOUR)).toBeUndefined();
  });

  it('ignores storage that is not its own shape', () => {
    localStorage.setItem('latchkey.magicLinks', '{"not":"a list"}');
    expect(newestMagicLink()).toBeUndefined();
    localStorage.setItem('latchkey.magicLinks', 'not json');
    expect(newestMagicLink()).toBeUndefined();
    localStorage.setItem('latchkey.magicLinks', '[{"email":"a@b.c"},null]');
    expect(newestMagicLink()).toBeUndefined();
  });
});
