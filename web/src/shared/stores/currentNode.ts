import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '../api/client';
import { orgApi, type OrgNode } from '../api/endpoints';
import { i18n } from '../i18n';
import { useAuthStore } from './auth';

const STORAGE_PREFIX = 'lianxin.currentNode.';

/** True when `node` is one of `scopes` or lies below one of them (paths are dot-separated id chains). */
export function isWithinScopes(node: Pick<OrgNode, 'path'>, scopes: readonly Pick<OrgNode, 'path'>[]): boolean {
  return scopes.some((scope) => node.path === scope.path || node.path.startsWith(`${scope.path}.`));
}

function storageKey(userId: number): string {
  return `${STORAGE_PREFIX}${userId}`;
}

function readStored(userId: number): number | null {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey(userId));
    const id = raw ? Number(raw) : NaN;
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

function writeStored(userId: number, nodeId: number): void {
  try {
    globalThis.localStorage?.setItem(storageKey(userId), String(nodeId));
  } catch {
    // Remembering the choice across visits is a convenience; the switch itself still works.
  }
}

/**
 * The org node the staff console is looking at. Every list page filters by it, so it lives in one store;
 * it is remembered per user so a shared office computer does not carry one person's choice to another.
 */
export const useCurrentNodeStore = defineStore('currentNode', () => {
  const auth = useAuthStore();
  const node = ref<OrgNode | null>(null);
  /** Root first, as the server returns them; may include nodes above the user's scopes. */
  const ancestors = ref<OrgNode[]>([]);
  const loading = ref(false);

  const nodeId = computed(() => node.value?.id ?? null);
  /** The breadcrumb: ancestors, each marked whether the user may switch to it. */
  const trail = computed(() =>
    ancestors.value.map((ancestor) => ({ node: ancestor, selectable: isWithinScopes(ancestor, auth.scopes) })),
  );

  async function select(id: number): Promise<OrgNode> {
    loading.value = true;
    try {
      const result = await orgApi.get(id);
      if (!isWithinScopes(result.node, auth.scopes)) {
        // The same answer the server gives for a node outside the caller's subtree.
        throw new ApiError(404, 'not_found', i18n.global.t('errors.outsideScope'));
      }
      node.value = result.node;
      ancestors.value = result.ancestors;
      if (auth.user) writeStored(auth.user.id, result.node.id);
      return result.node;
    } finally {
      loading.value = false;
    }
  }

  /**
   * Pick the starting node after sign-in: the remembered one if it is still within the user's scopes
   * (roles can be revoked between visits), otherwise the first scope.
   */
  async function init(): Promise<OrgNode | null> {
    const user = auth.user;
    const scopes = auth.scopes;
    if (!user || scopes.length === 0) {
      reset();
      return null;
    }
    const stored = readStored(user.id);
    if (stored !== null && stored !== node.value?.id) {
      try {
        return await select(stored);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
      }
    }
    if (node.value && isWithinScopes(node.value, scopes)) return node.value;
    return select(scopes[0]!.id);
  }

  function reset(): void {
    node.value = null;
    ancestors.value = [];
  }

  return { node, ancestors, loading, nodeId, trail, select, init, reset };
});
