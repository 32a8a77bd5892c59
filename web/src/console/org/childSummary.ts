import { computed, ref, type Ref } from 'vue';
import { orgApi, ORG_KINDS, type OrgKind, type OrgNode } from '@/shared/api/endpoints';

export interface KindCount {
  kind: OrgKind;
  count: number;
}

/** Count a list of nodes by kind, in the tree's own order (region first, department last). */
export function countByKind(nodes: readonly Pick<OrgNode, 'kind'>[]): KindCount[] {
  const counts = new Map<OrgKind, number>();
  for (const node of nodes) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  return ORG_KINDS.filter((kind) => counts.has(kind)).map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
}

/** The direct children of a node and how many of each kind there are. */
export function useChildSummary(nodeId: Ref<number | null>) {
  const children = ref<OrgNode[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<unknown>(null);

  const byKind = computed(() => countByKind(children.value));

  async function load(): Promise<void> {
    const id = nodeId.value;
    if (id === null) return;
    loading.value = true;
    error.value = null;
    try {
      const result = await orgApi.allChildren(id);
      if (nodeId.value !== id) return;
      children.value = result.items;
      total.value = result.total;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  return { children, total, byKind, loading, error, load };
}
