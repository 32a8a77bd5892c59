import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '@/shared/api';
import { orgApi, type OrgNode, type OrgNodeRef } from '@/shared/api/endpoints';
import { useAuthStore } from '@/shared/stores/auth';

/** The community (社区/村/嘎查) a node belongs to: the node itself or its nearest community ancestor. */
export function communityOf(node: OrgNode, ancestors: readonly OrgNode[]): OrgNodeRef | null {
  return [node, ...[...ancestors].reverse()].find((n) => n.kind === 'community') ?? null;
}

/**
 * Where the resident lives: their home node from /me, resolved to a community name to greet them with.
 * If the home node cannot be read, a role held at a community (e.g. a building leader's) stands in.
 */
export const useResidentHomeStore = defineStore('residentHome', () => {
  const auth = useAuthStore();
  const home = ref<OrgNode | null>(null);
  const ancestors = ref<OrgNode[]>([]);
  const loading = ref(false);
  let loadedFor: number | null = null;

  const community = computed<OrgNodeRef | null>(() => {
    if (home.value) return communityOf(home.value, ancestors.value);
    return auth.roles.map((r) => r.orgNode).find((n) => n.kind === 'community') ?? null;
  });

  async function load(): Promise<void> {
    const user = auth.user;
    if (!user || loadedFor === user.homeNodeId) return;
    loading.value = true;
    try {
      const result = await orgApi.get(user.homeNodeId);
      home.value = result.node;
      ancestors.value = result.ancestors;
      loadedFor = user.homeNodeId;
    } catch (error) {
      // Not found = outside what this account may read; the role fallback above then applies.
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      home.value = null;
      ancestors.value = [];
      loadedFor = user.homeNodeId;
    } finally {
      loading.value = false;
    }
  }

  function reset(): void {
    home.value = null;
    ancestors.value = [];
    loadedFor = null;
  }

  return { home, ancestors, community, loading, load, reset };
});
