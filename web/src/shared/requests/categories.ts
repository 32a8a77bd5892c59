import { defineStore } from 'pinia';
import { ref } from 'vue';
import { requestConfigApi, type CategoryTree, type RequestCategory } from '../api/requestsApi';

/** The name in the UI language; the server sends both. */
export function categoryName(category: Pick<RequestCategory, 'name' | 'nameEn'>, locale: string): string {
  return locale === 'en' ? category.nameEn || category.name : category.name || category.nameEn;
}

/**
 * "路灯照明 / 路灯不亮" for a leaf with its parent, in the UI language. The parent comes nested (request objects)
 * or flat as parentName / parentNameEn (suggestions, ledger rows).
 */
export function categoryPath(
  category: {
    name: string;
    nameEn?: string;
    parent?: { name: string; nameEn?: string } | null;
    parentName?: string | null;
    parentNameEn?: string | null;
  } | null,
  locale: string,
): string {
  if (!category) return '';
  const own = categoryName({ name: category.name, nameEn: category.nameEn ?? '' }, locale);
  const parent = category.parent
    ? categoryName({ name: category.parent.name, nameEn: category.parent.nameEn ?? '' }, locale)
    : category.parentName
      ? categoryName({ name: category.parentName, nameEn: category.parentNameEn ?? '' }, locale)
      : null;
  return parent ? `${parent} / ${own}` : own;
}

/** Second-level categories (the only ones a request may carry), each with its top-level parent. */
export function leafCategories(tree: CategoryTree): { category: RequestCategory; parent: RequestCategory }[] {
  return tree.items.flatMap((top) => top.children.filter((c) => c.active).map((category) => ({ category, parent: top })));
}

/**
 * The category tree usable at a node, fetched once per node and shared by every page (report form, dispatch
 * dialog, ledger filter). Concurrent callers share one request.
 */
export const useRequestCategoriesStore = defineStore('requestCategories', () => {
  const trees = ref(new Map<string, CategoryTree>());
  const pending = new Map<string, Promise<CategoryTree>>();

  function load(nodeId?: number, force = false): Promise<CategoryTree> {
    const key = String(nodeId ?? 'home');
    const known = trees.value.get(key);
    if (known && !force) return Promise.resolve(known);
    const running = pending.get(key);
    if (running) return running;
    const request = requestConfigApi
      .categories({ nodeId })
      .then((tree) => {
        trees.value.set(key, tree);
        return tree;
      })
      .finally(() => pending.delete(key));
    pending.set(key, request);
    return request;
  }

  function invalidate(): void {
    trees.value.clear();
  }

  return { trees, load, invalidate };
});
