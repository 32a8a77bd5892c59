import { ref } from 'vue';
import type { RequestItem, RequestList } from '@/shared/api/requestsApi';

export const PAGE_SIZE = 20;

/**
 * A list of requests for Vant's List (infinite scroll): `loadMore` fetches the next page, `reload` starts over —
 * after a tab switch, a pull to refresh, or a live notice that something changed.
 */
export function usePagedRequests(fetchPage: (offset: number, limit: number) => Promise<RequestList>) {
  const items = ref<RequestItem[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const finished = ref(false);
  const failed = ref(false);
  /** Ignore answers to a superseded reload (tab switched while a page was on its way). */
  let generation = 0;

  async function loadMore(): Promise<void> {
    const mine = generation;
    loading.value = true;
    try {
      const page = await fetchPage(items.value.length, PAGE_SIZE);
      if (mine !== generation) return;
      const known = new Set(items.value.map((i) => i.id));
      items.value.push(...page.items.filter((i) => !known.has(i.id)));
      total.value = page.total;
      finished.value = page.items.length < PAGE_SIZE || items.value.length >= page.total;
    } catch {
      if (mine === generation) failed.value = true;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function reload(): Promise<void> {
    generation++;
    items.value = [];
    finished.value = false;
    failed.value = false;
    await loadMore();
  }

  return { items, total, loading, finished, failed, loadMore, reload };
}
