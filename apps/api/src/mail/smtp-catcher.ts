import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { Address } from 'postal-mime';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: Date;
  /** SMTP envelope: who the message was actually handed over for, whatever the headers say. */
  envelope: { from: string; to: string[] };
  messageId: string | undefined;
  from: string;
  to: string;
  subject: string;
  headers: { name: string; value: string }[];
  text: string | undefined;
  html: string | undefined;
}

export const KEPT_MESSAGES = 200;
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/**
 * A local SMTP server that accepts every message and keeps the newest ones in memory, so development needs
 * no mail setup: the inbox page shows what the app sent. Loopback only, no auth, no TLS.
 */
@Injectable()
export class SmtpCatcher implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpCatcher.name);
  private server?: SMTPServer;
  private caught: CaughtMail[] = [];

  /** Listens on 127.0.0.1 (port 0 picks a free one) and answers the smtp:// URL to send to. */
  async start(port = 0): Promise<string> {
    if (this.server) return this.url;
    // Loaded here, not at the top: with SMTP_URL set the catcher never starts, and start-up skips its modules.
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(() => callback(), callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.warn(`SMTP catcher: ${error.message}`));
    this.server = server;
    return this.url;
  }

  get isRunning(): boolean {
    return this.server !== undefined;
  }

  get url(): string {
    if (!this.server) throw new Error('the SMTP catcher is not running');
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /** Newest first. */
  messages(): readonly CaughtMail[] {
    return this.caught;
  }

  message(id: string): CaughtMail | undefined {
    return this.caught.find((mail) => mail.id === id);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const raw = await readAll(stream);
    if (stream.sizeExceeded) throw Object.assign(new Error('message too large'), { responseCode: 552 });
    const { default: PostalMime } = await import('postal-mime');
    const parsed = await PostalMime.parse(raw);
    const mail: CaughtMail = {
      id: randomUUID(),
      receivedAt: new Date(),
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
      },
      messageId: parsed.messageId,
      from: formatAddresses(parsed.from ? [parsed.from] : []),
      to: formatAddresses(parsed.to ?? []),
      subject: parsed.subject ?? '',
      headers: parsed.headers.map((header) => ({ name: header.originalKey, value: header.value })),
      text: parsed.text,
      html: parsed.html,
    };
    this.caught = [mail, ...this.caught].slice(0, KEPT_MESSAGES);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function formatAddresses(addresses: Address[]): string {
  return addresses
    .flatMap((address) => (address.group ? address.group : [address]))
    .map((mailbox) => (mailbox.name ? `${mailbox.name} <${mailbox.address}>` : (mailbox.address ?? '')))
    .join(', ');
}
