/**
 * An attempt to hand a mail to the SMTP server failed: `retry` when it waits for another attempt, `gave_up`
 * when the mail is marked failed for good. For metrics; the worker logs each failure itself.
 */
export class MailSendFailedEvent {
  static readonly NAME = 'mail.send_failed';

  constructor(readonly outcome: 'retry' | 'gave_up') {}
}
