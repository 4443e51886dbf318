import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsAccountEmail } from './account-email.decorator';

class Body {
  @IsAccountEmail()
  email: unknown;
}

function check(email: unknown): { email: unknown; codes: string[] } {
  const body = plainToInstance(Body, { email });
  const codes = validateSync(body, { stopAtFirstError: true }).flatMap((error) =>
    Object.keys(error.constraints ?? {}),
  );
  return { email: body.email, codes };
}

/** An address of exactly `length` characters with a local part of 64, in labels of at most 63. */
function addressOfLength(length: number): string {
  const domainLength = length - 65;
  const labels = ['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(domainLength - 63 - 63 - 6), 'com'];
  return `${'a'.repeat(64)}@${labels.join('.')}`;
}

describe('IsAccountEmail', () => {
  it.each([
    'ada@example.com',
    "o'brien+news@mail.example.ie",
    "!#$%&'*+/=?^_`{|}~-@example.org",
    'first.middle.last@sub.example.co.uk',
    'ada@xn--bcher-kva.de',
    'ada@example.xn--p1ai',
    `${'a'.repeat(64)}@example.com`,
    addressOfLength(254),
  ])('accepts %s', (email) => {
    expect(check(email).codes).toEqual([]);
  });

  it('stores the canonical spelling: trimmed and lower case', () => {
    expect(check('  Ada.Lovelace@Example.COM ')).toEqual({ email: 'ada.lovelace@example.com', codes: [] });
  });

  it.each([
    ['a quoted local part with CR/LF', '"ada\r\nBcc: all@example.net"@example.com'],
    ['a quoted local part with markup', '"<script>alert(1)</script>"@example.com'],
    ['a quoted local part with a space', '"ada lovelace"@example.com'],
    ['markup', '<script>@example.com'],
    ['a space', 'ada lovelace@example.com'],
    ['a line break', 'ada@exam\nple.com'],
    ['a display name', 'Ada <ada@example.com>'],
    ['a comment', 'ada(work)@example.com'],
    ['an IP literal', 'ada@[127.0.0.1]'],
    ['an IP address as host', 'ada@127.0.0.1'],
    ['a host without a top-level domain', 'ada@localhost'],
    ['a label starting with a hyphen', 'ada@-example.com'],
    ['a leading dot', '.ada@example.com'],
    ['a trailing dot', 'ada.@example.com'],
    ['two dots in a row', 'ada..lovelace@example.com'],
    ['two @', 'ada@lovelace@example.com'],
    ['an accented local part', 'josé@example.com'],
    ['a non-ASCII domain', 'ada@bücher.de'],
    ['a fullwidth @', 'ada＠example.com'],
    ['a local part of 65 characters', `${'a'.repeat(65)}@example.com`],
    ['255 characters', addressOfLength(255)],
    ['an empty string', ''],
    ['a number', 42],
    ['an array', ['ada@example.com']],
  ])('refuses %s', (_label, email) => {
    expect(check(email).codes).toHaveLength(1);
  });

  it('names the constraint isEmail, so the field error code stays IS_EMAIL', () => {
    expect(check('"quoted"@example.com').codes).toEqual(['isEmail']);
  });
});
