import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { roomCentersApi, type RoomCenter } from '@/shared/api/roomsApi';

const STORAGE_KEY = 'lianxin.roomsCenter';

function remembered(): number | null {
  try {
    const id = Number(globalThis.localStorage?.getItem(STORAGE_KEY));
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Which center to open on: the one chosen last time if it is still here, else the first that has rooms (a
 * district lists dozens of centers, most with none yet), managed ones first; the first center when none has rooms.
 */
export function defaultCenter(centers: readonly Pick<RoomCenter, 'id' | 'roomCount' | 'allowedActions'>[], wanted: number | null): number | null {
  if (wanted !== null && centers.some((c) => c.id === wanted)) return wanted;
  const withRooms = centers.filter((c) => c.roomCount > 0);
  const managed = withRooms.find((c) => c.allowedActions.includes('manage'));
  return (managed ?? withRooms[0] ?? centers[0])?.id ?? null;
}

/**
 * The service center the room pages of the console work on, among the centers in the current node's subtree.
 * A community has one; a street or district has many, and staff switch between them without leaving the page.
 */
export const useRoomCentersStore = defineStore('roomCenters', () => {
  const centers = ref<RoomCenter[]>([]);
  const centerId = ref<number | null>(null);
  const loadedNode = ref<number | null>(null);
  const loading = ref(false);
  /** Bookings awaiting approval in the selected center, for the badge on the approvals tab. */
  const pending = ref(0);

  const center = computed(() => centers.value.find((c) => c.id === centerId.value) ?? null);
  const manages = computed(() => center.value?.allowedActions.includes('manage') ?? false);

  async function load(nodeId: number): Promise<void> {
    loading.value = true;
    try {
      centers.value = (await roomCentersApi.list(nodeId)).items;
      loadedNode.value = nodeId;
      select(defaultCenter(centers.value, centerId.value ?? remembered()));
    } finally {
      loading.value = false;
    }
  }

  function select(id: number | null): void {
    centerId.value = id;
    try {
      if (id !== null) globalThis.localStorage?.setItem(STORAGE_KEY, String(id));
    } catch {
      // Remembering is a convenience only.
    }
  }

  /** Put the server's fresh copy of a center in place (after its settings change). */
  function replace(updated: RoomCenter): void {
    centers.value = centers.value.map((c) => (c.id === updated.id ? updated : c));
  }

  return { centers, centerId, center, manages, loadedNode, loading, pending, load, select, replace };
});
