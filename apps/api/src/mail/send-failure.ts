import { MailRenderError } from './mail-renderer';

export type SendFailureKind = 'transient' | 'permanent';

/** nodemailer's codes for a refusal of this particular message (envelope or content), not of the server link. */
const MESSAGE_REFUSAL_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * Permanent means "this message will never go through": a 5xx answer to its envelope or content, an address
 * nodemailer itself refuses, or a template that cannot render. Anything about the link to the server
 * (refused connection, timeout, TLS, authentication, 4xx) is transient, so a misconfigured or unreachable
 * server delays mail instead of discarding it.
 */
export function classifySendFailure(error: unknown): SendFailureKind {
  if (error instanceof MailRenderError) return 'permanent';
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  if (typeof code !== 'string' || !MESSAGE_REFUSAL_CODES.has(code)) return 'transient';
  if (typeof responseCode !== 'number') return 'permanent'; // refused locally, before talking to the server
  return responseCode >= 500 ? 'permanent' : 'transient';
}

/** A one-line reason for `last_error`, bounded so a chatty server cannot bloat the table. */
export function describeSendFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 1000);
}
