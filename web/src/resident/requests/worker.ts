import { computed } from 'vue';
import type { Me, OrgNodeRef } from '@/shared/api';
import { useAuthStore } from '@/shared/stores/auth';

/** Roles held in the field (a grid or a community) rather than at a department or as a resident. */
const FIELD_KINDS = new Set(['grid', 'community']);

export interface WorkerAbilities {
  /** Has work dispatched to them: grid workers, community staff, unit handlers. */
  tasks: boolean;
  /** Files what they find on patrol. */
  patrol: boolean;
  /** Fixes small things on the spot and files them resolved (自办自结). */
  selfResolve: boolean;
  /** Where they work, most specific first: the patrol form picks buildings under these. */
  fieldNodes: OrgNodeRef[];
}

/**
 * What the phone pages offer a worker, from /me. The server checks every step again; this only decides which
 * entries to show, so a resident's home page stays simple.
 */
export function workerAbilities(me: Me | null): WorkerAbilities {
  const permissions = new Set(me?.permissions ?? []);
  const fieldNodes = (me?.roles ?? [])
    .filter((r) => r.role !== 'resident' && FIELD_KINDS.has(r.orgNode.kind))
    .map((r) => r.orgNode)
    .sort((a, b) => b.depth - a.depth);
  const handles = permissions.has('requests.handle');
  return {
    tasks: handles,
    patrol: permissions.has('requests.intake') && handles && fieldNodes.length > 0,
    selfResolve: handles && fieldNodes.length > 0,
    fieldNodes,
  };
}

export function useWorkerAbilities() {
  const auth = useAuthStore();
  return computed(() => workerAbilities(auth.me));
}
