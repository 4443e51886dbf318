import { inboxMessagesJson, linksOf } from './inbox.json';
import { CaughtMail } from './smtp-catcher';

function caught(id: string, to: string, receivedAt: string, text = ''): CaughtMail {
  return {
    id,
    receivedAt: new Date(receivedAt),
    envelope: { from: 'no-reply@localhost', to: [to.replace(/.*<|>/g, '').toLowerCase()] },
    messageId: undefined,
    from: 'Latchkey <no-reply@localhost>',
    to,
    subject: `for ${to}`,
    headers: [],
    text,
    html: undefined,
  };
}

describe('development inbox as JSON', () => {
  const messages = [
    caught('3', 'Ann <Ann@Example.com>', '2026-01-03T00:00:00Z'),
    caught('2', 'bob@example.com', '2026-01-02T00:00:00Z'),
    caught('1', 'ann@example.com', '2026-01-01T00:00:00Z'),
  ];

  it('keeps the catcher’s newest-first order, with an ISO date instead of receivedAt', () => {
    const json = inboxMessagesJson(messages, {});
    expect(json.map((mail) => mail.id)).toEqual(['3', '2', '1']);
    expect(json[0]).toMatchObject({ date: '2026-01-03T00:00:00.000Z', subject: 'for Ann <Ann@Example.com>' });
    expect(json[0]).not.toHaveProperty('receivedAt');
  });

  it('filters by recipient in any case, and limits to the newest', () => {
    expect(inboxMessagesJson(messages, { to: 'ANN@example.com' }).map((mail) => mail.id)).toEqual(['3', '1']);
    expect(inboxMessagesJson(messages, { to: 'ann@example.com', limit: 1 }).map((mail) => mail.id)).toEqual([
      '3',
    ]);
    expect(inboxMessagesJson(messages, { to: 'example.com' })).toEqual([]);
  });

  it('finds the links of both parts, unescaped, once each, without trailing punctuation', () => {
    const links = linksOf({
      text: 'Confirm: http://localhost:3000/confirm-email?token=a&b=c.\nOr https://x.test/y',
      html: '<a href="http://localhost:3000/confirm-email?token=a&amp;b=c">go</a> <a href="mailto:x@y">m</a>',
    });
    expect(links).toEqual(['http://localhost:3000/confirm-email?token=a&b=c', 'https://x.test/y']);
  });
});
