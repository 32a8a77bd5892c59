import type { RouteLocationRaw } from 'vue-router';

/**
 * The services residents reach from the home page, in the order the service center lists them.
 * `route` is null while a module is still being built; its tile then opens the "coming soon" page,
 * which says what the module will do. Give it a route when the module lands.
 */
export interface ResidentModule {
  key: 'requests' | 'rooms' | 'appointments' | 'wishes' | 'volunteering' | 'meals' | 'disclosure' | 'deputies';
  /** Vant icon name. */
  icon: string;
  /** Tile colour (icon background gradient start/end). */
  colors: [string, string];
  route: RouteLocationRaw | null;
}

export const RESIDENT_MODULES: readonly ResidentModule[] = [
  { key: 'requests', icon: 'comment-o', colors: ['#f87171', '#dc2626'], route: { name: 'requests' } },
  { key: 'rooms', icon: 'hotel-o', colors: ['#fb923c', '#ea580c'], route: { name: 'rooms' } },
  { key: 'appointments', icon: 'clock-o', colors: ['#60a5fa', '#2563eb'], route: { name: 'services' } },
  { key: 'wishes', icon: 'gift-o', colors: ['#f472b6', '#db2777'], route: { name: 'wishes' } },
  { key: 'volunteering', icon: 'like-o', colors: ['#fbbf24', '#d97706'], route: { name: 'volunteer-home' } },
  { key: 'meals', icon: 'shop-o', colors: ['#34d399', '#059669'], route: null },
  { key: 'disclosure', icon: 'bullhorn-o', colors: ['#a78bfa', '#7c3aed'], route: null },
  { key: 'deputies', icon: 'manager-o', colors: ['#38bdf8', '#0284c7'], route: null },
];

export function findModule(key: string): ResidentModule | undefined {
  return RESIDENT_MODULES.find((m) => m.key === key);
}

/** Where a tile leads: the module itself once it exists, the "coming soon" page until then. */
export function moduleTarget(module: ResidentModule): RouteLocationRaw {
  return module.route ?? { name: 'coming-soon', params: { module: module.key } };
}
