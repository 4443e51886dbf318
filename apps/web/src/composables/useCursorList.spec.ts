import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problems';
import { gate } from '../testing/fake-api';
import { useCursorList, type CursorPage } from './useCursorList';

describe('useCursorList', () => {
  it('drops a page that arrives after a newer reload, so old filters never mix into the list', async () => {
    const slow = gate();
    const answers: (() => Promise<CursorPage<string>>)[] = [
      async () => {
        await slow.opened;
        return { items: ['old'], nextCursor: 'old-next' };
      },
      async () => ({ items: ['new'], nextCursor: null }),
    ];
    const list = useCursorList<string>(() => answers.shift()!());
    const first = list.reload();
    await list.reload();
    slow.open();
    await first;
    expect(list.items.value).toEqual(['new']);
    expect(list.nextCursor.value).toBeNull();
    expect(list.loading.value).toBe(false);
  });

  it('appends with the cursor, and keeps what it had when a page fails', async () => {
    const cursors: (string | undefined)[] = [];
    const list = useCursorList<string>(async (cursor) => {
      cursors.push(cursor);
      if (cursor === 'c2') throw new ApiError(400, 'VALIDATION_FAILED', 'Bad cursor.');
      return cursor ? { items: ['b'], nextCursor: 'c2' } : { items: ['a'], nextCursor: 'c1' };
    });
    await list.reload();
    await list.loadMore();
    await list.loadMore();
    expect(cursors).toEqual([undefined, 'c1', 'c2']);
    expect(list.items.value).toEqual(['a', 'b']);
    expect([list.error.value, list.errorCode.value]).toEqual(['Bad cursor.', 'VALIDATION_FAILED']);
  });
});
