import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { trimmed } from '../common/problem/validation';
import { decimalDigits } from '../common/pagination/page.dto';
import { CaughtMail, KEPT_MESSAGES } from './smtp-catcher';

/** `GET /dev/mail/messages?to=&limit=`: which caught messages a script or a client's integration test wants. */
export class InboxQueryDto {
  /** A recipient address, in any case; matches the To header and the SMTP envelope. */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  to?: string;

  @IsOptional()
  @Transform(decimalDigits)
  @IsInt()
  @Min(1)
  @Max(KEPT_MESSAGES)
  limit?: number;
}

/** One caught message as JSON: what the mail said, plus every link in it, so a test needs no HTML parser. */
export interface InboxMessageJson extends Omit<CaughtMail, 'receivedAt'> {
  /** When the catcher received it (ISO 8601). */
  date: string;
  /** Absolute http(s) links of the text and HTML parts, in order of appearance, each once. */
  links: string[];
}

/** The newest `limit` messages to `to` (when given), newest first. */
export function inboxMessagesJson(messages: readonly CaughtMail[], query: InboxQueryDto): InboxMessageJson[] {
  const address = query.to?.toLowerCase();
  return messages
    .filter((mail) => address === undefined || isAddressedTo(mail, address))
    .slice(0, query.limit)
    .map(({ receivedAt, ...mail }) => ({ ...mail, date: receivedAt.toISOString(), links: linksOf(mail) }));
}

function isAddressedTo(mail: CaughtMail, address: string): boolean {
  const headerAddresses = mail.to.toLowerCase().match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? [];
  return [...headerAddresses, ...mail.envelope.to.map((to) => to.toLowerCase())].includes(address);
}

const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
};

export function linksOf(mail: Pick<CaughtMail, 'text' | 'html'>): string[] {
  const fromText = mail.text?.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [];
  // href values are HTML-escaped in the markup; the link a client follows is the unescaped one.
  const fromHtml = [...(mail.html ?? '').matchAll(/\bhref\s*=\s*"(https?:\/\/[^"]+)"/gi)].map(([, href]) =>
    href.replace(/&(amp|quot|#39|lt|gt);/g, (entity) => HTML_ENTITIES[entity]),
  );
  return [...new Set([...fromText, ...fromHtml].map((link) => link.replace(/[.,;:!?]+$/, '')))];
}
