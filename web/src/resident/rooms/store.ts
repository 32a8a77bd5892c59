import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { roomCentersApi, teamsApi, type RoomCenter, type Team } from '@/shared/api/roomsApi';
import { useAuthStore } from '@/shared/stores/auth';

/**
 * What the room pages of one resident share: the centers whose rooms they may book (usually just their
 * community's) and the teams they may book for. Loaded once per account and kept while they move between
 * the rooms list, a room, the booking form and their bookings.
 */
export const useResidentRoomsStore = defineStore('residentRooms', () => {
  const auth = useAuthStore();
  const centers = ref<RoomCenter[]>([]);
  const teams = ref<Team[]>([]);
  const centerId = ref<number | null>(null);
  const loading = ref(false);
  let loadedFor: number | null = null;

  const center = computed(() => centers.value.find((c) => c.id === centerId.value) ?? null);
  /** Teams the resident may book as: active ones they belong to. */
  const bookingTeams = computed(() => teams.value.filter((t) => t.allowedActions.includes('book')));

  async function load(force = false): Promise<void> {
    const userId = auth.user?.id ?? null;
    if (!force && userId !== null && loadedFor === userId) return;
    loading.value = true;
    try {
      const [centerList, teamList] = await Promise.all([roomCentersApi.list(), teamsApi.list({ mine: true })]);
      // Centers with rooms first: an empty station is rarely what a resident came for.
      centers.value = [...centerList.items].sort((a, b) => Number(b.roomCount > 0) - Number(a.roomCount > 0));
      teams.value = teamList.items;
      if (!centers.value.some((c) => c.id === centerId.value)) centerId.value = centers.value[0]?.id ?? null;
      loadedFor = userId;
    } finally {
      loading.value = false;
    }
  }

  async function reloadTeams(): Promise<void> {
    teams.value = (await teamsApi.list({ mine: true })).items;
  }

  return { centers, teams, centerId, center, bookingTeams, loading, load, reloadTeams };
});
