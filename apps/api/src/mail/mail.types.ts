/**
 * The contract between the modules that cause mail and the mail module that delivers it.
 * Callers enqueue inside their own transaction (OutboxService.enqueue(manager, mail)), so a mail exists
 * exactly when the change that caused it was committed.
 */
export type MailTemplateName =
  'confirm-email' | 'email-already-registered' | 'reset-password' | 'password-changed';

export interface MailTemplateData {
  'confirm-email': { nickname: string; confirmUrl: string; expiresInHours: number };
  'email-already-registered': { loginUrl: string; resetUrl: string };
  'reset-password': {
    nickname: string;
    resetUrl: string;
    linkExpiresInMinutes: number;
    /** Empty when too many wrong guesses paused codes for the account; the link still works. */
    code: string;
    codeExpiresInMinutes: number;
  };
  'password-changed': { nickname: string; changedAt: string; resetUrl: string };
}

export interface OutgoingMail<T extends MailTemplateName = MailTemplateName> {
  to: string;
  template: T;
  data: MailTemplateData[T];
  /** Owner of the mail, so it can be cancelled when the account is deleted. */
  userId?: string;
  /** Mail that is useless after this instant (its link expired) is never sent late. */
  expiresAt?: Date;
}
