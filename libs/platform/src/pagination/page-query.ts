import { Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** The two query fields every cursor-paged list takes, over HTTP and over RPC alike. */
export interface PageRequest {
  cursor?: string;
  limit?: number;
}

export interface PageQueryOptions {
  /** The largest page a caller may ask for. */
  maxLimit: number;
  /** The page size when the caller names none. */
  defaultLimit: number;
  /**
   * What a cursor is: the id of the last item of the previous page (`uuid`, for lists ordered by a UUIDv7 id), or
   * an opaque token the service made (`opaque`, at most 100 characters; the service checks it).
   */
  cursor: 'uuid' | 'opaque';
  /** How the limit is described in the API document (omit for none). */
  limitDescription?: string;
}

/** An opaque cursor is the service's own encoding; this only bounds its size before the service reads it. */
const OPAQUE_CURSOR_MAX_LENGTH = 100;

/**
 * The one cursor + limit page DTO: `class ListUsersQuery extends PageQuery({ maxLimit: 100, defaultLimit: 20,
 * cursor: 'uuid' }) {}`, with more filters as fields of the subclass. Validated like every DTO (the limit is
 * converted from a query string), and documented in the OpenAPI document with its bounds and default.
 */
export function PageQuery(options: PageQueryOptions): Type<PageRequest> {
  const cursorDoc =
    options.cursor === 'uuid'
      ? { format: 'uuid', description: 'The `nextCursor` of the previous page' }
      : { description: 'The `nextCursor` of the previous page', maxLength: OPAQUE_CURSOR_MAX_LENGTH };
  const cursorRules =
    options.cursor === 'uuid' ? [IsUUID()] : [IsString(), MaxLength(OPAQUE_CURSOR_MAX_LENGTH)];

  class PageQueryDto implements PageRequest {
    @ApiPropertyOptional(cursorDoc)
    @IsOptional()
    cursor?: string;

    @ApiPropertyOptional({
      ...(options.limitDescription ? { description: options.limitDescription } : {}),
      minimum: 1,
      maximum: options.maxLimit,
      default: options.defaultLimit,
    })
    @IsOptional()
    @TransformTo(() => Number)
    @IsInt()
    @Min(1)
    @Max(options.maxLimit)
    limit?: number;
  }
  for (const rule of cursorRules) rule(PageQueryDto.prototype, 'cursor');
  return PageQueryDto;
}

/** One page of a keyset-paged list, as every list answer carries it. */
export interface PageOf<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Lists ask their repository for `limit + 1` rows: the extra one only tells whether another page follows, without
 * a COUNT. This turns those rows into the page: at most `limit` items, and the cursor of the last one when more
 * follow (`cursorOf` the last row; its id unless the list's cursor is an encoding of its own).
 */
export function pageOf<TRow extends { id: string }, TItem>(
  rows: TRow[],
  limit: number,
  toItem: (row: TRow) => TItem,
  cursorOf: (last: TRow) => string = (last) => last.id,
): PageOf<TItem> {
  const shown = rows.slice(0, limit);
  return {
    items: shown.map(toItem),
    nextCursor: rows.length > limit ? cursorOf(shown[shown.length - 1]) : null,
  };
}
