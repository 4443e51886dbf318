import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Registration is bound to the signed-in user; authentication (discoverable) to nobody until it is answered. */
export type ChallengePurpose = 'registration' | 'authentication';

/** One pending ceremony: the challenge's hash, shared by every instance, spent once (WebAuthnChallenges). */
@Entity('webauthn_challenges')
export class WebAuthnChallenge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 64 })
  challengeHash: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: ChallengePurpose;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
