import { inboxListPage, inboxMessagePage } from './inbox.page';
import { CaughtMail } from './smtp-catcher';

const mail: CaughtMail = {
  id: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  receivedAt: new Date('2026-01-02T03:04:05Z'),
  envelope: { from: 'no-reply@localhost', to: ['victim@example.com'] },
  messageId: '<row@localhost>',
  from: 'Latchkey <no-reply@localhost>',
  to: 'victim@example.com',
  subject: 'Hello <img src=x onerror=alert(1)>',
  headers: [{ name: 'Subject', value: 'Hello <img src=x onerror=alert(1)>' }],
  text: 'Confirm: http://localhost:3000/confirm-email?token=a&b=<c>\nThanks',
  html: '<p>Hi "you"</p><script>alert(1)</script>',
};

describe('inbox pages', () => {
  it('lists messages with escaped subjects and links to each', () => {
    const page = inboxListPage([mail]);
    expect(page).toContain(`href="/dev/mail/${mail.id}"`);
    expect(page).toContain('Hello &lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img');
  });

  it('shows the HTML part only inside a sandboxed frame without scripts', () => {
    const page = inboxMessagePage(mail);
    const frame = /<iframe[^>]*>/.exec(page)![0];
    expect(frame).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(frame).not.toContain('allow-scripts');
    expect(frame).toContain(
      'srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Hi &quot;you&quot;&lt;/p&gt;&lt;script&gt;',
    );
    expect(page.replace(frame, '')).not.toMatch(/<script/i);
  });

  it('makes links in the text part clickable, escaped', () => {
    const page = inboxMessagePage(mail);
    expect(page).toContain(
      '<a href="http://localhost:3000/confirm-email?token=a&amp;b=">http://localhost:3000/confirm-email?token=a&amp;b=</a>&lt;c&gt;',
    );
  });
});
