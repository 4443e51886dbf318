import { CaughtMail } from './smtp-catcher';

/** Where the development inbox is mounted: outside the API prefix and unversioned (see app.setup.ts). */
export const DEV_INBOX_PATH = 'dev/mail';

/** Markup that is already safe; anything else interpolated into `html` is escaped. */
class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Interpolation = SafeHtml | string | number | undefined | readonly SafeHtml[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/** Tagged template that escapes every value unless it is SafeHtml (or a list of it), so pages are safe by default. */
function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  const markup = strings.reduce((page, text, index) => {
    const value = values[index - 1];
    const rendered = Array.isArray(value)
      ? value.join('')
      : value instanceof SafeHtml
        ? value.markup
        : escapeHtml(String(value ?? ''));
    return page + rendered + text;
  });
  return new SafeHtml(markup);
}

/** Escapes plain text and turns its http(s) URLs into links, so emailed links can be followed from the inbox. */
export function linkify(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return new SafeHtml(
    parts
      .map((part, index) => (index % 2 === 1 ? html`<a href="${part}">${part}</a>`.markup : escapeHtml(part)))
      .join(''),
  );
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: 1rem; border-radius: 6px; }
  iframe { width: 100%; height: 32rem; border: 1px solid #d0d7de; border-radius: 6px; }
  dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; word-break: break-all; }
  .muted { color: #656d76; }`;

function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`.markup;
}

export function inboxListPage(messages: readonly CaughtMail[]): string {
  const rows = messages.map(
    (mail) =>
      html`<tr>
        <td>${mail.envelope.to.join(', ')}</td>
        <td><a href="/${DEV_INBOX_PATH}/${mail.id}">${mail.subject || '(no subject)'}</a></td>
        <td>
          <time datetime="${mail.receivedAt.toISOString()}">${mail.receivedAt.toLocaleString('en-GB')}</time>
        </td>
      </tr>`,
  );
  const list =
    messages.length === 0
      ? html`<p class="muted">No mail yet. Mail the app sends will appear here (reload the page).</p>`
      : html`<table>
          <thead>
            <tr>
              <th>To</th>
              <th>Subject</th>
              <th>Received</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`;
  return layout(
    'Development inbox',
    html`<h1>Development inbox</h1>
      <p class="muted">
        Mail caught by the embedded SMTP server, newest first; the last 200 are kept in memory. Set SMTP_URL
        to deliver mail for real. <a href="/${DEV_INBOX_PATH}/messages">JSON</a>
      </p>
      ${list}`,
  );
}

export function inboxMessagePage(mail: CaughtMail): string {
  const headers = mail.headers.map(
    (header) =>
      html`<dt>${header.name}</dt>
        <dd>${header.value}</dd>`,
  );
  return layout(
    mail.subject || 'Message',
    html`<p><a href="/${DEV_INBOX_PATH}">← Inbox</a></p>
      <h1>${mail.subject || '(no subject)'}</h1>
      <p>
        From ${mail.from} to ${mail.envelope.to.join(', ')},
        <time datetime="${mail.receivedAt.toISOString()}">${mail.receivedAt.toLocaleString('en-GB')}</time>
      </p>
      ${mail.html === undefined ? '' : htmlPart(mail.html)}
      <h2>Text part</h2>
      ${mail.text === undefined ? html`<p class="muted">none</p>` : html`<pre>${linkify(mail.text)}</pre>`}
      <details>
        <summary>Headers</summary>
        <dl>${headers}</dl>
      </details>`,
  );
}

/**
 * The HTML part in a sandboxed frame without scripts or same-origin access. Links open in a new, unsandboxed
 * tab, because the SPA refuses to be framed.
 */
function htmlPart(markup: string): SafeHtml {
  const document = `<base target="_blank">${markup}`;
  return html`<h2>HTML part</h2>
    <iframe
      title="HTML part"
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcdoc="${document}"
    ></iframe>`;
}
