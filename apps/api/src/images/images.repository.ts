import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runPrepared } from '../database/prepared-statements';
import type { User } from '../users/user.entity';
import type { Image } from './image.entity';

/** What a listed image shows: the columns its DTO needs, and its owner's public fields (null for samples). */
export type ListedImage = Pick<
  Image,
  | 'id'
  | 'name'
  | 'caption'
  | 'contentType'
  | 'width'
  | 'height'
  | 'thumbnailWidth'
  | 'thumbnailHeight'
  | 'onAir'
  | 'onHome'
  | 'sequence'
  | 'createdAt'
> & { owner: Pick<User, 'id' | 'nickname' | 'avatarVariant'> | null };

export interface ImageSlice {
  items: ListedImage[];
  total: number;
}

/** The gallery's order: sequence ascending (0, for new uploads, first), then newest first. */
const GALLERY_ORDER_SQL = 'sequence, created_at DESC, id';
/** An owner's uploads: newest first. */
const NEWEST_FIRST_SQL = 'created_at DESC, id';

/**
 * One list: its filter on `images` (parameters from $3 on; $1 and $2 are LIMIT and OFFSET) and its order.
 * Each gets a statement of its own, so PostgreSQL plans each against its own index.
 */
interface ListShape {
  statement: string;
  where: string;
  order: string;
}

const ON_AIR: ListShape = { statement: 'latchkey_images_on_air', where: 'on_air', order: GALLERY_ORDER_SQL };
const OWNED: ListShape = {
  statement: 'latchkey_images_owned',
  where: 'owner_id = $3::uuid',
  order: NEWEST_FIRST_SQL,
};
/** A null parameter leaves that filter out. */
const MODERATION: ListShape = {
  statement: 'latchkey_images_moderation',
  where: '($3::boolean IS NULL OR on_air = $3) AND ($4::boolean IS NULL OR on_home = $4)',
  order: GALLERY_ORDER_SQL,
};
const HOME: ListShape = {
  statement: 'latchkey_images_home',
  where: 'on_air AND on_home',
  order: GALLERY_ORDER_SQL,
};

/**
 * A page and the count of the whole list in one round trip. The page is joined to its owners after LIMIT, so
 * only the page's rows are joined; the count reads `images` alone (no join, no DISTINCT). The outer LEFT JOIN
 * on a one-row relation keeps one row with the count when the page is past the end. `total` is exact, as the
 * page/pageSize/total contract promises; on the partial indexes it is an index-only count.
 */
function pageSql({ where, order }: ListShape, withTotal: boolean): string {
  const total = withTotal ? `(SELECT count(*) FROM images WHERE ${where})::integer` : 'NULL::integer';
  return `
    WITH page AS (
      SELECT id, name, caption, content_type, width, height, thumbnail_width, thumbnail_height, on_air, on_home,
        sequence, created_at, owner_id
      FROM images WHERE ${where} ORDER BY ${order} LIMIT $1 OFFSET $2
    )
    SELECT ${total} AS total, page.*, owner.nickname AS owner_nickname, owner.avatar_variant AS owner_avatar_variant
    FROM (SELECT) AS one
    LEFT JOIN page ON true
    LEFT JOIN users AS owner ON owner.id = page.owner_id
    ORDER BY ${order.replace(/(^|, )/g, '$1page.')}`;
}

/**
 * The gallery's lists, read with hand-written prepared statements and mapped straight from the rows: on GET
 * /images, TypeORM's findAndCount took four round trips (DISTINCT ids, the rows, a COUNT(DISTINCT)) and its
 * hydration cost more CPU than the SQL (docs/architecture.md › Images). Writes stay on the TypeORM repository.
 */
@Injectable()
export class ImagesRepository {
  private readonly sql = new Map<ListShape, string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** On-air images in the gallery's order. */
  onAir(limit: number, offset: number): Promise<ImageSlice> {
    return this.slice(ON_AIR, limit, offset, []);
  }

  /** One account's uploads, on air or not, newest first. */
  ownedBy(ownerId: string, limit: number, offset: number): Promise<ImageSlice> {
    return this.slice(OWNED, limit, offset, [ownerId]);
  }

  /** Every image, in the gallery's order; an undefined filter is left out. */
  forModeration(
    filter: { onAir?: boolean; onHome?: boolean },
    limit: number,
    offset: number,
  ): Promise<ImageSlice> {
    return this.slice(MODERATION, limit, offset, [filter.onAir ?? null, filter.onHome ?? null]);
  }

  /** The home page's images: on air and flagged, in the gallery's order; no count. */
  async home(limit: number): Promise<ListedImage[]> {
    return (await this.slice(HOME, limit, 0, [], false)).items;
  }

  private async slice(
    shape: ListShape,
    limit: number,
    offset: number,
    filter: unknown[],
    withTotal = true,
  ): Promise<ImageSlice> {
    let text = this.sql.get(shape);
    if (!text) this.sql.set(shape, (text = pageSql(shape, withTotal)));
    const rows = await runPrepared(this.dataSource, shape.statement, text, [limit, offset, ...filter]);
    return {
      total: (rows[0]?.total as number | null) ?? 0,
      items: rows.filter((row) => row.id !== null).map(listedImage),
    };
  }
}

function listedImage(row: Record<string, unknown>): ListedImage {
  const ownerId = row.owner_id as string | null;
  return {
    id: row.id as string,
    name: row.name as string,
    caption: row.caption as string,
    contentType: row.content_type as ListedImage['contentType'],
    width: row.width as number,
    height: row.height as number,
    thumbnailWidth: row.thumbnail_width as number,
    thumbnailHeight: row.thumbnail_height as number,
    onAir: row.on_air as boolean,
    onHome: row.on_home as boolean,
    sequence: row.sequence as number,
    createdAt: row.created_at as Date,
    owner: ownerId
      ? {
          id: ownerId,
          nickname: row.owner_nickname as string,
          avatarVariant: row.owner_avatar_variant as number,
        }
      : null,
  };
}
