/**
 * Someone asked for a copy of their account's data (GET /users/me/export). The users module owns the answer
 * and its `profile`; every other feature that keeps data about the account contributes a named section from
 * a listener (`@OnEvent(AccountExportRequestedEvent.NAME, { suppressErrors: false })`): auth the `sessions`
 * and `passkeys`, images the `images`, and the activity module an `activity` section. A section holds what the
 * owner may see of their own data and never a secret: no hash, token, key material or ciphertext.
 */
export class AccountExportRequestedEvent {
  static readonly NAME = 'account.export-requested';

  private readonly sections = new Map<string, unknown>();

  constructor(
    readonly userId: string,
    /** The session that asked, so a sessions section can mark it as the current one. */
    readonly sessionId: string,
  ) {}

  contribute(name: string, section: unknown): void {
    if (this.sections.has(name)) throw new Error(`the export section "${name}" was contributed twice`);
    this.sections.set(name, section);
  }

  /** The sections in the order of their names, so that the file reads the same on every export. */
  collected(): Record<string, unknown> {
    return Object.fromEntries([...this.sections].sort(([a], [b]) => a.localeCompare(b)));
  }
}
