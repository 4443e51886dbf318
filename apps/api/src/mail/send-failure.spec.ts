import { MailRenderError } from './mail-renderer';
import { classifySendFailure } from './send-failure';

/** Shaped like nodemailer's errors: a code, and the server's reply code when there was one. */
const smtpError = (code: string, responseCode?: number) =>
  Object.assign(new Error('smtp'), { code, responseCode });

describe('classifySendFailure', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })],
    ['a timeout', smtpError('ETIMEDOUT')],
    ['a mailbox that is busy (4xx)', smtpError('EENVELOPE', 451)],
    ['a rejected login, which is our configuration and not the message', smtpError('EAUTH', 535)],
    ['anything unknown', new Error('something odd')],
  ])('treats %s as transient', (_, error) => {
    expect(classifySendFailure(error)).toBe('transient');
  });

  it.each([
    ['an unknown recipient (5xx)', smtpError('EENVELOPE', 550)],
    ['content refused after DATA (5xx)', smtpError('EMESSAGE', 554)],
    ['an address nodemailer refuses before sending', smtpError('EENVELOPE')],
    ['a template that cannot render', new MailRenderError('missing value')],
  ])('treats %s as permanent', (_, error) => {
    expect(classifySendFailure(error)).toBe('permanent');
  });
});
