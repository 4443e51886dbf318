import { EventEmitter } from 'node:events';
import { createServer, Server } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports';
import { delay } from './wait';

export interface ReceivedMail {
  /** Envelope recipients, lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Header names lower-cased; repeated headers keep the last value. */
  headers: Record<string, string>;
  receivedAt: number;
}

export interface MailFilter {
  to: string;
  /** Substring (case-insensitive) or pattern the subject must match. */
  subject?: string | RegExp;
  /** Substring or pattern the text or HTML body must contain. */
  containing?: string | RegExp;
  /** Any further condition. */
  where?: (mail: ReceivedMail) => boolean;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts, parsed. It can be stopped and started
 * again on the same port to play an outage: while stopped, the API's SMTP client meets a refused connection.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  private port = 0;
  private readonly arrivals = new EventEmitter();
  private outage?: Server;
  /** Connections turned away since startOutage(): proof that the API tried to send during the outage. */
  refusedConnections = 0;

  get url(): string {
    if (!this.port) throw new Error('SmtpSink has not been started');
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * Listens on a free port of the worker's lane (see ports.ts) the first time, and on that same port after
   * a stop().
   */
  async start(): Promise<this> {
    if (this.server) return this;
    const port = this.port || (await freePort());
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
          this.accept(recipients, Buffer.concat(chunks)).then(() => callback(), callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined); // a client dropping mid-session is not our failure
    this.port = port;
    this.server = server;
    return this;
  }

  /** Closes the port; clients connected at that moment are cut off shortly after. */
  async stop(): Promise<void> {
    if (this.outage) {
      const outage = this.outage;
      this.outage = undefined;
      await new Promise<void>((resolve) => outage.close(() => resolve()));
    }
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Takes the SMTP service down but keeps the port, answering every connection with
   * "421 Service not available" (a transient failure any SMTP client must retry), and counts them.
   */
  async startOutage(): Promise<void> {
    await this.stop();
    this.refusedConnections = 0;
    const outage = createServer((socket) => {
      this.refusedConnections += 1;
      socket.on('error', () => undefined);
      socket.end('421 4.3.2 e2e sink: service not available, try again later\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      outage.once('error', reject);
      outage.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.outage = outage;
  }

  /** Ends the outage: the real SMTP server listens on the same port again. */
  async endOutage(): Promise<void> {
    const outage = this.outage;
    this.outage = undefined;
    if (outage) await new Promise<void>((resolve) => outage.close(() => resolve()));
    await this.start();
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Every message received so far that matches the filter. */
  matching(filter: MailFilter): ReceivedMail[] {
    return this.messages.filter((mail) => matches(mail, filter));
  }

  /** The first message (already received or arriving within timeoutMs) that matches the filter. */
  async waitForMail(filter: MailFilter, timeoutMs = 10_000): Promise<ReceivedMail> {
    const found = this.matching(filter)[0];
    if (found) return found;
    return new Promise((resolve, reject) => {
      const onMail = (mail: ReceivedMail) => {
        if (!matches(mail, filter)) return;
        clearTimeout(timer);
        this.arrivals.off('mail', onMail);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        this.arrivals.off('mail', onMail);
        const seen =
          this.messages.map((mail) => `${mail.to.join(',')}: ${mail.subject}`).join('; ') || 'none';
        reject(new Error(`no mail matching ${describe(filter)} within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      this.arrivals.on('mail', onMail);
    });
  }

  /**
   * Resolves once no message has arrived for `quietMs`: the way to assert that a mail did NOT come
   * (a duplicate, a notice) without guessing one long sleep. Gives up after timeoutMs of steady traffic.
   */
  async waitForQuiet(quietMs: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.messages.at(-1)?.receivedAt ?? 0;
      const quietFor = Date.now() - last;
      if (quietFor >= quietMs) return;
      if (Date.now() > deadline) throw new Error(`mail kept arriving for ${timeoutMs} ms`);
      await delay(quietMs - quietFor);
    }
  }

  private async accept(to: string[], raw: Buffer): Promise<void> {
    const parsed = await PostalMime.parse(raw);
    const headers: Record<string, string> = {};
    for (const header of parsed.headers) headers[header.key.toLowerCase()] = header.value;
    const mail: ReceivedMail = {
      to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html ?? '',
      messageId: parsed.messageId ?? '',
      headers,
      receivedAt: Date.now(),
    };
    this.messages.push(mail);
    this.arrivals.emit('mail', mail);
  }
}

function matches(mail: ReceivedMail, filter: MailFilter): boolean {
  if (!mail.to.includes(filter.to.toLowerCase())) return false;
  if (filter.where && !filter.where(mail)) return false;
  if (filter.subject !== undefined && !test(filter.subject, mail.subject)) return false;
  if (
    filter.containing !== undefined &&
    !test(filter.containing, mail.text) &&
    !test(filter.containing, mail.html)
  )
    return false;
  return true;
}

function test(expected: string | RegExp, actual: string): boolean {
  return typeof expected === 'string'
    ? actual.toLowerCase().includes(expected.toLowerCase())
    : expected.test(actual);
}

function describe(filter: MailFilter): string {
  return JSON.stringify({
    ...filter,
    subject: String(filter.subject ?? ''),
    containing: String(filter.containing ?? ''),
  });
}

/**
 * The token of the first `PUBLIC_URL/<path>?token=…` link in the mail (text part first, then HTML).
 * Throws when the mail has no such link, so a test that expects one fails with the mail's text.
 */
export function extractLink(mail: ReceivedMail, publicUrl: string, path: string): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const pattern = new RegExp(`${escapeRegExp(base)}\\?(?:[^\\s"'<>]*&(?:amp;)?)?token=([A-Za-z0-9_.~%-]+)`);
  for (const body of [mail.text, mail.html]) {
    const match = pattern.exec(body);
    if (match) return decodeURIComponent(match[1]);
  }
  throw new Error(
    `no ${base}?token=… link in mail "${mail.subject}" to ${mail.to.join(',')}:\n${mail.text || mail.html}`,
  );
}

/** True when the mail holds a `PUBLIC_URL/<path>?token=…` link. */
export function hasLink(mail: ReceivedMail, publicUrl: string, path: string): boolean {
  try {
    extractLink(mail, publicUrl, path);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
