import { ref, watch } from 'vue';
import { roomCentersApi } from '@/shared/api/roomsApi';
import { useCurrentNodeStore } from '@/shared/stores/currentNode';

/** The service centers under the console's current node, and the one the page works on. */
export function useServiceCenters() {
  const currentNode = useCurrentNodeStore();
  const centers = ref<{ id: number; name: string }[]>([]);
  const centerId = ref<number | null>(null);
  const loading = ref(false);
  watch(
    () => currentNode.nodeId,
    async (nodeId) => {
      if (!nodeId) return;
      loading.value = true;
      try {
        centers.value = (await roomCentersApi.list(nodeId)).items.map((c) => ({ id: c.id, name: c.name }));
        if (!centers.value.some((c) => c.id === centerId.value)) centerId.value = centers.value[0]?.id ?? null;
      } finally {
        loading.value = false;
      }
    },
    { immediate: true },
  );
  return { centers, centerId, loading };
}
