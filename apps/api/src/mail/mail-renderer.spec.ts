import { testConfig } from '../testing/test-config';
import { MailRenderError, MailRenderer } from './mail-renderer';
import { MailTemplateData, MailTemplateName } from './mail.types';

const PASSKEY_NOTICE = {
  nickname: 'brave-otter-42',
  passkeyName: 'Chrome on macOS',
  at: '2026-05-04 13:07 UTC',
  securityUrl: 'https://id.example.com/profile',
};

const MFA_NOTICE = {
  nickname: 'brave-otter-42',
  at: '2026-05-04 13:07 UTC',
  securityUrl: 'https://id.example.com/profile',
};

const SAMPLES: { [T in MailTemplateName]: MailTemplateData[T] } = {
  'confirm-email': {
    nickname: 'brave-otter-42',
    confirmUrl: 'https://id.example.com/confirm-email?token=abc_123',
    expiresInHours: 24,
    adminSetupUrl: 'https://id.example.com/forgot-password',
  },
  'email-already-registered': {
    loginUrl: 'https://id.example.com/login',
    resetUrl: 'https://id.example.com/forgot-password',
  },
  'account-approved': { nickname: 'brave-otter-42', loginUrl: 'https://id.example.com/login' },
  'email-change-new': {
    nickname: 'brave-otter-42',
    newEmail: 'new@example.com',
    confirmUrl: 'https://id.example.com/confirm-email?token=new_456',
    expiresInHours: 24,
  },
  'email-change-old': {
    nickname: 'brave-otter-42',
    newEmail: 'new@example.com',
    cancelUrl: 'https://id.example.com/cancel-email-change?token=cancel_789',
    resetUrl: 'https://id.example.com/forgot-password',
  },
  'email-change-taken': {
    loginUrl: 'https://id.example.com/login',
    resetUrl: 'https://id.example.com/forgot-password',
  },
  'account-deleted': { nickname: 'brave-otter-42', signUpUrl: 'https://id.example.com/signup' },
  'reset-password': {
    nickname: 'brave-otter-42',
    resetUrl: 'https://id.example.com/reset-password?token=abc_123',
    linkExpiresInMinutes: 30,
    code: '042917',
    codeExpiresInMinutes: 10,
  },
  'password-changed': {
    nickname: 'brave-otter-42',
    changedAt: '2026-05-04 13:07 UTC',
    resetUrl: 'https://id.example.com/forgot-password',
  },
  'reauth-code': {
    nickname: 'brave-otter-42',
    code: '042917',
    expiresInMinutes: 10,
    sessionsUrl: 'https://id.example.com/profile/sessions',
  },
  'passkey-added': PASSKEY_NOTICE,
  'passkey-removed': PASSKEY_NOTICE,
  'passkey-counter-regression': PASSKEY_NOTICE,
  'magic-link': {
    nickname: 'brave-otter-42',
    signInUrl: 'https://id.example.com/magic-link?token=link_321',
    code: '042917',
    expiresInMinutes: 15,
  },
  'passwordless-signup': {
    nickname: 'brave-otter-42',
    signInUrl: 'https://id.example.com/magic-link?token=first_654',
    code: '731406',
    expiresInMinutes: 60,
  },
  'mfa-enabled': MFA_NOTICE,
  'mfa-disabled': { ...MFA_NOTICE, byAdmin: true },
  'recovery-codes-replaced': MFA_NOTICE,
  'recovery-code-used': { ...MFA_NOTICE, remaining: 3 },
  'new-sign-in': {
    nickname: 'brave-otter-42',
    at: '2026-05-04 13:07 UTC',
    device: 'Firefox on Linux',
    ip: '203.0.113.7',
    sessionsUrl: 'https://id.example.com/profile/sessions',
  },
};

describe('MailRenderer', () => {
  const renderer = new MailRenderer(
    testConfig({ PRODUCT_NAME: 'Acme ID', PUBLIC_URL: 'https://id.example.com' }),
  );

  it.each(Object.keys(SAMPLES) as MailTemplateName[])(
    'renders %s as subject, HTML and text with its links',
    (name) => {
      const mail = renderer.render(name, SAMPLES[name]);
      expect(mail.subject).toContain('Acme ID');
      expect(mail.html).toMatch(/^<!doctype html>/);
      expect(mail.html).toContain('Acme ID');
      for (const url of Object.values(SAMPLES[name]).filter((value) =>
        String(value).startsWith('https://'),
      )) {
        expect(mail.html).toContain(`href="${escapeAttribute(String(url))}"`);
        expect(mail.text).toContain(String(url));
      }
    },
  );

  it('escapes values in HTML and keeps text as typed', () => {
    const mail = renderer.render('confirm-email', {
      ...SAMPLES['confirm-email'],
      nickname: '<script>alert("x")</script> & co',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(mail.text).toContain('Hi <script>alert("x")</script> & co,');
  });

  it('escapes the product name too', () => {
    const mail = new MailRenderer(testConfig({ PRODUCT_NAME: 'Tom & <b>Jerry</b>' })).render(
      'email-already-registered',
      SAMPLES['email-already-registered'],
    );
    expect(mail.html).toContain('Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Jerry');
  });

  it('shows the reset code in both parts, and points to the link when codes are paused', () => {
    const withCode = renderer.render('reset-password', SAMPLES['reset-password']);
    expect(withCode.text).toContain('042917');
    expect(withCode.html).toContain('042917');
    const paused = renderer.render('reset-password', { ...SAMPLES['reset-password'], code: '' });
    for (const part of [paused.text, paused.html]) {
      expect(part).toContain('too many wrong attempts');
      expect(part).toContain('https://id.example.com/reset-password?token');
    }
    expect(withCode.text).not.toContain('too many wrong attempts');
  });

  it('tells an ADMIN_EMAILS address how to become admin, and nobody else', () => {
    const listed = renderer.render('confirm-email', SAMPLES['confirm-email']);
    const plain = renderer.render('confirm-email', { ...SAMPLES['confirm-email'], adminSetupUrl: undefined });
    for (const part of [listed.text, listed.html]) expect(part).toContain('to become an administrator');
    for (const part of [plain.text, plain.html]) expect(part).not.toContain('administrator');
  });

  it('offers the old address a cancel link, or only the reset for a notice queued before cancel links', () => {
    const withCancel = renderer.render('email-change-old', SAMPLES['email-change-old']);
    const older = renderer.render('email-change-old', {
      ...SAMPLES['email-change-old'],
      cancelUrl: undefined,
    });
    expect(withCancel.text).toContain('Cancel the change now');
    expect(withCancel.html).toContain('This wasn’t me: cancel it');
    expect(older.text).not.toContain('cancel-email-change');
    expect(older.html).toContain('Reset my password');
  });

  it('renders in German from the German catalogue, subject included', () => {
    const mail = renderer.render('magic-link', SAMPLES['magic-link'], 'de');
    expect(mail.subject).toBe('Ihr Anmeldelink für Acme ID');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('Hallo brave-otter-42,');
    expect(mail.html).toContain('Bei Acme ID anmelden');
    expect(mail.text).toContain('Link und Code funktionieren einmal, 15 Minuten lang');
    expect(mail.text).not.toContain('Hi brave-otter-42');
  });

  it.each(['de', 'en'])('renders every template in %s', (locale) => {
    for (const name of Object.keys(SAMPLES) as MailTemplateName[]) {
      const mail = renderer.render(name, SAMPLES[name], locale);
      expect(mail.subject).toContain('Acme ID');
      expect(mail.text).toContain(locale === 'de' ? 'Sie' : 'you');
    }
  });

  it('falls back to English for a language it does not have', () => {
    expect(renderer.render('magic-link', SAMPLES['magic-link'], 'xx').subject).toBe(
      'Your Acme ID sign-in link',
    );
  });

  it('escapes values placed into catalogue messages, and links made by helpers stay links', () => {
    const mail = renderer.render(
      'email-change-new',
      { ...SAMPLES['email-change-new'], newEmail: '"<b>x</b>"@example.com' },
      'de',
    );
    expect(mail.html).toContain('<strong>&quot;&lt;b&gt;x&lt;/b&gt;&quot;@example.com</strong>');
    expect(mail.text).toContain('"<b>x</b>"@example.com');
    const deleted = renderer.render('account-deleted', SAMPLES['account-deleted'], 'de');
    expect(deleted.html).toContain('<a href="https://id.example.com/signup">neu registrieren</a>');
  });

  it('refuses unknown templates and missing values', () => {
    expect(() => renderer.render('no-such-template', {})).toThrow(MailRenderError);
    expect(() => renderer.render('confirm-email', { nickname: 'x' })).toThrow(MailRenderError);
  });
});

/** Handlebars' attribute escaping: `=` becomes `&#x3D;`, which a mail client reads back as `=`. */
function escapeAttribute(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;');
}
