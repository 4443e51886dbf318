import { describe, expect, it } from 'vitest';
import { problem } from '../testing/fake-api';
import { i18n } from '../i18n';
import { ApiError, dataOf, formErrorsOf, networkErrorDetail, problemOf, toApiError } from './problems';

describe('formErrorsOf', () => {
  const validation = new ApiError(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid.', [
    { field: 'email', code: 'IS_EMAIL', message: 'Enter a valid email address.' },
    { field: 'email', code: 'MAX_LENGTH', message: 'At most 254 characters.' },
    { field: 'password', code: 'PASSWORD_TOO_SHORT', message: 'Use at least 15 characters.' },
    { field: 'captcha', code: 'REQUIRED', message: 'Solve the puzzle.' },
  ]);

  it('puts the first message of each shown field beside it, and the rest in the summary', () => {
    expect(formErrorsOf(validation, ['email', 'password', 'nickname'])).toEqual({
      fields: { email: 'Enter a valid email address.', password: 'Use at least 15 characters.' },
      form: 'Some fields are missing or invalid. Solve the puzzle.',
    });
  });

  it('shows a problem without field errors as the summary alone', () => {
    const taken = new ApiError(409, 'NICKNAME_TAKEN', 'That nickname is already taken; try another.');
    expect(formErrorsOf(taken, ['nickname'])).toEqual({
      fields: {},
      form: 'That nickname is already taken; try another.',
    });
  });

  it('says how long to wait after a 429', () => {
    const throttled = new ApiError(429, 'TOO_MANY_REQUESTS', 'Too many attempts.', [], 120);
    expect(formErrorsOf(throttled, []).form).toBe('Too many attempts. Try again in 2 minutes.');
  });
});

describe('problemOf and dataOf', () => {
  it('reads code, detail, field errors and Retry-After from the response', () => {
    const body = problem(429, 'TOO_MANY_REQUESTS', 'Slow down.', [
      { field: 'email', code: 'X', message: 'm' },
    ]);
    const response = new Response(null, { status: 429, headers: { 'retry-after': '30' } });
    expect(problemOf({ error: body, response })).toMatchObject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      detail: 'Slow down.',
      fieldErrors: [{ field: 'email', code: 'X', message: 'm' }],
      retryAfterSeconds: 30,
    });
  });

  it('still explains a failure whose body is not problem details (a proxy error page)', () => {
    const error = problemOf({
      error: '<html>Bad gateway</html>',
      response: new Response(null, { status: 502 }),
    });
    expect(error.code).toBe('HTTP_502');
    expect(error.detail).toMatch(/on our side/);
  });

  it('returns the data of a success and throws for a failure', () => {
    expect(dataOf({ data: { ok: 1 }, response: new Response(null, { status: 200 }) })).toEqual({ ok: 1 });
    expect(() =>
      dataOf({ error: problem(400, 'INVALID_TOKEN'), response: new Response(null, { status: 400 }) }),
    ).toThrow(ApiError);
  });

  it('turns a network failure into a message for people', () => {
    expect(toApiError(new TypeError('Failed to fetch'))).toMatchObject({
      code: 'NETWORK_ERROR',
      detail: networkErrorDetail(),
    });
  });
});

describe('problems in another language', () => {
  it('shows the catalogue’s text for a known code and keeps the API’s for others', async () => {
    i18n.global.locale.value = 'de';
    const known = problemOf({
      error: { code: 'INVALID_CREDENTIALS', detail: 'The email address or password is wrong.', errors: [] },
      response: new Response(null, { status: 401 }),
    });
    expect(known.detail).toBe('E-Mail-Adresse oder Passwort ist falsch.');
    const unknown = problemOf({
      error: { code: 'SOMETHING_NEW', detail: 'Something new went wrong.' },
      response: new Response(null, { status: 400 }),
    });
    expect(unknown.detail).toBe('Something new went wrong.');
  });

  it('translates field errors by their code and says how long to wait', () => {
    i18n.global.locale.value = 'de';
    const refused = problemOf({
      error: {
        code: 'VALIDATION_FAILED',
        detail: 'Some fields are missing or invalid.',
        errors: [{ field: 'password', code: 'PASSWORD_TOO_COMMON', message: 'common' }],
      },
      response: new Response(null, { status: 400, headers: { 'retry-after': '120' } }),
    });
    expect(formErrorsOf(refused, ['password'])).toEqual({
      fields: {
        password:
          'Dieses Passwort steht auf Listen häufig verwendeter Passwörter; bitte wählen Sie ein anderes.',
      },
      form: 'Einige Angaben fehlen oder sind ungültig. Versuchen Sie es in 2 Minuten erneut.',
    });
  });
});
