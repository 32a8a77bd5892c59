import { reactive, ref, type Ref } from 'vue';
import { errorMessage } from '@/shared/api';

/** One page of a list as the API answers it; `totalCapped` when the server stopped counting. */
export interface PageOf<T> {
  items: T[];
  total: number;
  totalCapped?: boolean;
}

export interface PagedList<T> {
  rows: Ref<T[]>;
  total: Ref<number>;
  capped: Ref<boolean>;
  loading: Ref<boolean>;
  failure: Ref<string | null>;
  paging: { page: number; size: number };
  /**
   * Fetch the current page. `quiet` keeps the loading mask off (a live refresh). Answers the page, or null when it
   * failed (the failure is shown) or when a later load overtook it (its answer is dropped, so clicking quickly
   * through pages never leaves an older page on screen).
   */
  load(options?: { quiet?: boolean }): Promise<PageOf<T> | null>;
  /** Back to page 1 and load: after the filter or the page size changed. */
  first(): Promise<PageOf<T> | null>;
}

/**
 * The state every paged console list keeps: rows, total, loading and failure, page and size, with the load that
 * ties them together. `fetchPage` builds the request from the page's own filters.
 */
export function usePagedList<T>(
  fetchPage: (range: { limit: number; offset: number }) => Promise<PageOf<T>>,
  options: { size?: number; unknownError: () => string },
): PagedList<T> {
  const rows = ref([]) as Ref<T[]>;
  const total = ref(0);
  const capped = ref(false);
  const loading = ref(false);
  const failure = ref<string | null>(null);
  const paging = reactive({ page: 1, size: options.size ?? 20 });
  let latest = 0;

  async function load({ quiet = false } = {}): Promise<PageOf<T> | null> {
    const ticket = ++latest;
    loading.value = !quiet;
    failure.value = null;
    try {
      const page = await fetchPage({ limit: paging.size, offset: (paging.page - 1) * paging.size });
      if (ticket !== latest) return null;
      rows.value = page.items;
      total.value = page.total;
      capped.value = page.totalCapped ?? false;
      return page;
    } catch (error) {
      if (ticket === latest) failure.value = errorMessage(error, options.unknownError());
      return null;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  function first(): Promise<PageOf<T> | null> {
    paging.page = 1;
    return load();
  }

  return { rows, total, capped, loading, failure, paging, load, first };
}
