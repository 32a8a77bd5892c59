import { describe, expect, it } from 'vitest';
import { ApiError } from '@/shared/api';
import { usePagedList, type PageOf } from './pagedList';

/** A fetch whose answers the test releases by hand, in any order. */
function controlled() {
  const calls: { range: { limit: number; offset: number }; resolve: (page: PageOf<string>) => void; reject: (error: unknown) => void }[] = [];
  const fetchPage = (range: { limit: number; offset: number }) =>
    new Promise<PageOf<string>>((resolve, reject) => {
      calls.push({ range, resolve, reject });
    });
  return { calls, fetchPage };
}

describe('usePagedList', () => {
  it('asks for the current page and shows its rows and total', async () => {
    const { calls, fetchPage } = controlled();
    const list = usePagedList(fetchPage, { size: 10, unknownError: () => '未知错误' });
    list.paging.page = 3;
    const pending = list.load();
    expect(list.loading.value).toBe(true);
    expect(calls[0]!.range).toEqual({ limit: 10, offset: 20 });
    calls[0]!.resolve({ items: ['a', 'b'], total: 22, totalCapped: true });
    expect(await pending).toMatchObject({ total: 22 });
    expect(list.rows.value).toEqual(['a', 'b']);
    expect(list.total.value).toBe(22);
    expect(list.capped.value).toBe(true);
    expect(list.loading.value).toBe(false);
  });

  it('drops an answer that a later load overtook, so an older page never replaces a newer one', async () => {
    const { calls, fetchPage } = controlled();
    const list = usePagedList(fetchPage, { unknownError: () => '未知错误' });
    const older = list.load();
    list.paging.page = 2;
    const newer = list.load();
    calls[1]!.resolve({ items: ['page 2'], total: 40 });
    expect(await newer).not.toBeNull();
    calls[0]!.resolve({ items: ['page 1'], total: 40 });
    expect(await older).toBeNull();
    expect(list.rows.value).toEqual(['page 2']);
    expect(list.loading.value).toBe(false);
  });

  it('shows the server’s message when loading fails, and keeps the rows it had', async () => {
    const { calls, fetchPage } = controlled();
    const list = usePagedList(fetchPage, { unknownError: () => '未知错误' });
    const ok = list.load();
    calls[0]!.resolve({ items: ['a'], total: 1 });
    await ok;
    const failed = list.load();
    calls[1]!.reject(new ApiError(403, 'forbidden', '没有权限'));
    expect(await failed).toBeNull();
    expect(list.failure.value).toBe('没有权限');
    expect(list.rows.value).toEqual(['a']);
    const odd = list.load();
    calls[2]!.reject('boom');
    await odd;
    expect(list.failure.value).toBe('未知错误');
  });

  it('first() goes back to page 1; a quiet load keeps the loading mask off', async () => {
    const { calls, fetchPage } = controlled();
    const list = usePagedList(fetchPage, { unknownError: () => '' });
    list.paging.page = 5;
    const back = list.first();
    expect(calls[0]!.range.offset).toBe(0);
    calls[0]!.resolve({ items: [], total: 0 });
    await back;
    const quiet = list.load({ quiet: true });
    expect(list.loading.value).toBe(false);
    calls[1]!.resolve({ items: ['x'], total: 1 });
    await quiet;
    expect(list.rows.value).toEqual(['x']);
  });
});
