import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Short codes are now stored as an HMAC under a server key instead of a plain SHA-256, so the codes
 * stored before cannot be checked any more: they expire here, and their owners ask for a new one. Their
 * wrong guesses stay, so asking again still hands out no fresh guesses. The purposes are written out
 * because a migration must not follow later changes of the code.
 */
export class ExpireUnkeyedCodes1795420000000 implements MigrationInterface {
  name = 'ExpireUnkeyedCodes1795420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE one_time_tokens SET expires_at = now()
       WHERE purpose IN ('reset-password-code') AND consumed_at IS NULL AND expires_at > now()`,
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: an expired code cannot be brought back, and the new one would not check anyway.
  }
}
