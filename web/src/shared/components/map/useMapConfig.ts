import { ref, type Ref } from 'vue';
import { mapApi, type MapConfig } from '@/shared/api/mapApi';

/** The intranet default: no tiles, our outlines on a plain background. */
export const NO_TILES: MapConfig = { tiles: 'none', layers: [], attribution: '', coords: 'wgs84', maxZoom: 18 };

let loading: Promise<MapConfig> | null = null;

/** The server's tile configuration, read once per page load; a failure falls back to no tiles. */
export function loadMapConfig(): Promise<MapConfig> {
  loading ??= mapApi.config().catch(() => {
    loading = null;
    return NO_TILES;
  });
  return loading;
}

export function useMapConfig(): { config: Ref<MapConfig | null> } {
  const config = ref<MapConfig | null>(null);
  void loadMapConfig().then((c) => (config.value = c));
  return { config };
}
