import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, FindOptionsOrder, Repository } from 'typeorm';
import { recordActivity } from '../common/events/security-activity.event';
import { logSecurityEvent } from '../common/logging/security-events';
import { PageQueryDto } from '../common/pagination/page.dto';
import { problemException } from '../common/problem/api-problems.decorator';
import { AppConfig } from '../config/app-config';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AdminImagesQueryDto } from './dto/admin-images-query.dto';
import type { Placement } from './dto/reorder-images.dto';
import { GalleryCache } from './gallery-cache';
import { HomeImagesDto, ImageDto, ImagePageDto } from './dto/image.dto';
import { SignedUrlQueryDto } from './dto/signed-url-query.dto';
import { UpdateImageDto } from './dto/update-image.dto';
import { Image } from './image.entity';
import {
  ADMIN_ONLY_FIELD_PROBLEM,
  imageNotFound,
  NOT_IMAGE_OWNER_PROBLEM,
  UNKNOWN_IMAGES_PROBLEM,
} from './image.problems';
import { ImageProcessor } from './image-processor';
import { ImageUrls } from './image-urls';
import { type ListedImage, type ImageSlice, ImagesRepository } from './images.repository';
import { type ImageVariant, type VariantFile, variantFile } from './image-variant';
import { SampleImageFiles } from './samples/sample-image-files';
import { ImageStorage, OpenedFile } from './storage/image-storage';
import type { ImageUpload } from './upload/read-image-upload';

/** Rows per read when exporting all of a user's images. */
const EXPORT_PAGE_SIZE = 200;

/** The gallery's order: sequence ascending (0, for new uploads, first), then newest first. */
const GALLERY_ORDER: FindOptionsOrder<Image> = { sequence: 'ASC', createdAt: 'DESC', id: 'ASC' };
export const MAX_HOME_IMAGES = 12;
/** What only an admin may change; owners may change the rest (name and caption). */
const MODERATION_FIELDS = ['onAir', 'onHome', 'sequence'] as const;

export interface ImageFile extends OpenedFile, VariantFile {
  /** Seconds until the URL that asked for it expires: how long a browser may keep it. */
  maxAgeSeconds: number;
}

const isAdmin = (user: User) => user.role === 'admin';
/** An admin acting on someone else's image, or setting what only admins may: logged as a security event. */
const isModeration = (user: User, image: Image, changes: object = {}) =>
  isAdmin(user) && (image.ownerId !== user.id || MODERATION_FIELDS.some((field) => field in changes));
const moderationBy = (admin: User, image: Image) => ({
  actorId: admin.id,
  imageId: image.id,
  ownerId: image.ownerId,
});
/** `order` with the places that `ids` hold in it refilled by `ids` in their given order. */
const placedInTheirSlots = (order: string[], ids: string[]): string[] => {
  const listed = new Set(ids);
  let next = 0;
  return order.map((id) => (listed.has(id) ? ids[next++]! : id));
};
/** TypeORM refuses undefined in conditions and changes; fields a client left out are dropped first. */
const definedOnly = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

/** The gallery: who sees which image, uploads, moderation, and the files behind the signed URLs. */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  constructor(
    @InjectRepository(Image) private readonly images: Repository<Image>,
    private readonly lists: ImagesRepository,
    private readonly gallery: GalleryCache,
    private readonly config: AppConfig,
    private readonly processor: ImageProcessor,
    private readonly storage: ImageStorage,
    private readonly urls: ImageUrls,
    private readonly sampleFiles: SampleImageFiles,
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * The home page and the gallery are the same for every reader until an image changes or the URLs' expiry
   * moves on to its next step: each is read, mapped and serialized once per step (GalleryCache).
   */
  home(): Promise<HomeImagesDto> {
    const now = new Date();
    return this.gallery.read(`home@${this.urls.expiryOf(now)}`, async () => {
      const images = await this.lists.home(MAX_HOME_IMAGES);
      return { items: images.map((image) => this.toDto(image, now)) };
    });
  }

  list(query: PageQueryDto): Promise<ImagePageDto> {
    const now = new Date();
    return this.gallery.read(`${query.page}×${query.pageSize}@${this.urls.expiryOf(now)}`, () =>
      this.page(query, (limit, offset) => this.lists.onAir(limit, offset), now),
    );
  }

  listOwnedBy(user: User, query: PageQueryDto): Promise<ImagePageDto> {
    return this.page(query, (limit, offset) => this.lists.ownedBy(user.id, limit, offset));
  }

  /** Every image the user owns, newest first, for their data export; read a page at a time. */
  async allOwnedBy(userId: string): Promise<ImageDto[]> {
    const now = new Date();
    const all: ImageDto[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
      const { items } = await this.lists.ownedBy(userId, EXPORT_PAGE_SIZE, offset);
      all.push(...items.map((image) => this.toDto(image, now)));
      if (items.length < EXPORT_PAGE_SIZE) return all;
    }
  }

  listForModeration({ onAir, onHome, ...query }: AdminImagesQueryDto): Promise<ImagePageDto> {
    return this.page(query, (limit, offset) => this.lists.forModeration({ onAir, onHome }, limit, offset));
  }

  async get(user: User, id: string): Promise<ImageDto> {
    return this.toDto(await this.findVisible(user, id));
  }

  /** Judged and re-encoded before anything is stored; the row is written only once the files are. */
  async upload(user: User, { file, fields }: ImageUpload): Promise<ImageDto> {
    const processed = await this.processor.process(file);
    const id = randomUUID();
    await this.storage.put(id, [
      { name: variantFile('full', processed.contentType).name, bytes: processed.full.bytes },
      { name: variantFile('thumbnail', processed.contentType).name, bytes: processed.thumbnail.bytes },
    ]);
    try {
      const image = await this.images.save(
        this.images.create({
          id,
          storageKey: id,
          name: fields.name,
          caption: fields.caption,
          contentType: processed.contentType,
          width: processed.full.width,
          height: processed.full.height,
          thumbnailWidth: processed.thumbnail.width,
          thumbnailHeight: processed.thumbnail.height,
          onAir: this.config.uploadsStartOnAir,
          ownerId: user.id,
        }),
      );
      return this.toDto({ ...image, owner: user });
    } catch (error) {
      await this.removeFiles([id]);
      throw error;
    }
  }

  async update(user: User, id: string, change: UpdateImageDto): Promise<ImageDto> {
    const image = await this.findVisible(user, id);
    this.assertMayChange(user, image);
    const changes = definedOnly(change);
    if (!isAdmin(user) && MODERATION_FIELDS.some((field) => field in changes)) {
      throw problemException(ADMIN_ONLY_FIELD_PROBLEM);
    }
    const moderation = isModeration(user, image, changes);
    // Names only: a caption is the owner's content, not the log's.
    const fields = Object.keys(changes);
    await this.images.manager.transaction(async (manager) => {
      if (fields.length) await manager.update(Image, { id }, changes);
      if (moderation) await this.recordModeration(manager, user, image, { fields: fields.join(',') });
    });
    if (moderation) logSecurityEvent({ event: 'admin.image_updated', ...moderationBy(user, image), fields });
    return this.toDto({ ...image, ...changes });
  }

  async remove(user: User, id: string): Promise<void> {
    const image = await this.findVisible(user, id);
    this.assertMayChange(user, image);
    const moderation = isModeration(user, image);
    await this.images.manager.transaction(async (manager) => {
      await manager.delete(Image, { id });
      if (moderation) await this.recordModeration(manager, user, image);
    });
    await this.removeFiles([image.storageKey]);
    if (moderation) logSecurityEvent({ event: 'admin.image_deleted', ...moderationBy(user, image) });
  }

  /** An admin's change to someone else's image, for the audit log and the owner's activity. */
  private async recordModeration(
    manager: EntityManager,
    admin: User,
    image: Pick<Image, 'id' | 'ownerId'>,
    fields?: { fields: string },
  ): Promise<void> {
    await recordActivity(this.events, manager, {
      type: fields ? 'admin.image_updated' : 'admin.image_deleted',
      subjectId: image.ownerId,
      actorId: admin.id,
      details: { imageId: image.id, ...fields },
    });
  }

  /**
   * `first`: listed images take 1, 2, 3…, the rest follow in their current order. `in_place`: listed images
   * fill the places they hold now in the new order, so images a filtered page hides stay where they are.
   * Either way every image is renumbered 1…n in the transaction. All or nothing.
   */
  async reorder(ids: string[], placement: Placement = 'first'): Promise<void> {
    await this.images.manager.transaction(async (manager) => {
      const current = await manager.find(Image, {
        select: { id: true, sequence: true },
        order: GALLERY_ORDER,
      });
      const known = new Set(current.map(({ id }) => id));
      if (ids.some((id) => !known.has(id))) throw problemException(UNKNOWN_IMAGES_PROBLEM);
      const listed = new Set(ids);
      const order =
        placement === 'first'
          ? [...ids, ...current.filter(({ id }) => !listed.has(id)).map(({ id }) => id)]
          : placedInTheirSlots(
              current.map(({ id }) => id),
              ids,
            );
      const sequenceOf = new Map(current.map(({ id, sequence }) => [id, sequence]));
      for (const [index, id] of order.entries()) {
        if (sequenceOf.get(id) !== index + 1) await manager.update(Image, { id }, { sequence: index + 1 });
      }
    });
  }

  /** The bytes behind a signed URL; the signature was the authorization, so any image it names is served. */
  async openFile(
    id: string,
    variant: ImageVariant,
    { expires, signature }: SignedUrlQueryDto,
  ): Promise<ImageFile> {
    this.urls.verify(id, variant, expires, signature);
    const image = await this.images.findOne({
      where: { id },
      select: { id: true, storageKey: true, contentType: true },
    });
    if (!image) throw imageNotFound();
    const file = variantFile(variant, image.contentType);
    let opened = await this.storage.open(image.storageKey, file.name);
    if (!opened && (await this.sampleFiles.restore(image.id, image.storageKey))) {
      opened = await this.storage.open(image.storageKey, file.name);
    }
    if (!opened) throw imageNotFound();
    return { ...opened, ...file, maxAgeSeconds: Math.max(0, expires - Math.floor(Date.now() / 1000)) };
  }

  /** For account deletion: read in its transaction, before the rows go with the account. */
  async storageKeysOwnedBy(manager: EntityManager, ownerId: string): Promise<string[]> {
    const owned = await manager.find(Image, { select: { storageKey: true }, where: { ownerId } });
    return owned.map(({ storageKey }) => storageKey);
  }

  /** After the rows are gone; a failure leaves orphaned files behind, logged, never an error for the client. */
  async removeFiles(storageKeys: string[]): Promise<void> {
    for (const key of storageKeys) {
      await this.storage.remove(key).catch((error: unknown) => {
        this.logger.warn(`could not remove the files of image storage key ${key}: ${String(error)}`);
      });
    }
  }

  /** One round trip for the page and its total; every URL on it shares one expiry. */
  private async page(
    { page, pageSize }: PageQueryDto,
    read: (limit: number, offset: number) => Promise<ImageSlice>,
    now = new Date(),
  ): Promise<ImagePageDto> {
    const { items, total } = await read(pageSize, (page - 1) * pageSize);
    return { items: items.map((image) => this.toDto(image, now)), page, pageSize, total };
  }

  /** Off-air images exist only for their owner and admins; to everyone else they are not found. */
  private async findVisible(user: User, id: string): Promise<Image> {
    const image = await this.images.findOne({ where: { id }, relations: { owner: true } });
    if (!image || (!image.onAir && image.ownerId !== user.id && !isAdmin(user))) throw imageNotFound();
    return image;
  }

  private assertMayChange(user: User, image: Image): void {
    if (image.ownerId !== user.id && !isAdmin(user)) throw problemException(NOT_IMAGE_OWNER_PROBLEM);
  }

  private toDto(image: ListedImage | Image, now = new Date()): ImageDto {
    const { url, thumbnailUrl, expiresAt } = this.urls.signed(image.id, now);
    return {
      id: image.id,
      name: image.name,
      caption: image.caption,
      contentType: image.contentType,
      width: image.width,
      height: image.height,
      url,
      thumbnailUrl,
      thumbnailWidth: image.thumbnailWidth,
      thumbnailHeight: image.thumbnailHeight,
      urlsExpireAt: expiresAt.toISOString(),
      onAir: image.onAir,
      onHome: image.onHome,
      sequence: image.sequence,
      owner: image.owner
        ? {
            id: image.owner.id,
            nickname: image.owner.nickname,
            avatarUrl: this.users.avatarUrlOf(image.owner),
          }
        : null,
      createdAt: image.createdAt.toISOString(),
    };
  }
}
