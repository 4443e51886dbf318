import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../users/user.entity';

export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

/**
 * A picture of the gallery. The bytes live in image storage under `storageKey` (the re-encoded image and its
 * WebP thumbnail); indexes for the gallery's orderings live in the CreateImages migration.
 */
@Entity('images')
export class Image {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  caption: string;

  /** Where image storage keeps this image's files; the variants are named under it. */
  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  /** Of the re-encoded image, which keeps the uploaded format. */
  @Column({ type: 'varchar', length: 32 })
  contentType: ImageContentType;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'integer' })
  thumbnailWidth: number;

  @Column({ type: 'integer' })
  thumbnailHeight: number;

  /** Off-air images are seen only by their owner and by admins. */
  @Column({ type: 'boolean', default: true })
  onAir: boolean;

  /** Shown to everyone on the home page while on air. */
  @Column({ type: 'boolean', default: false })
  onHome: boolean;

  /** The gallery is ordered by this, ascending, then newest first; admins set it. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** Null for the sample images seeded on first start. Deleting the account deletes its images. */
  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
