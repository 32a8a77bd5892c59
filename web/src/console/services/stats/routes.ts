import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../../permissions';

/** Convenience-service statistics in the console, a child of the layout. */
export const servicesStatsRoutes: RouteRecordRaw[] = [
  { path: 'services/stats', name: 'services-stats', component: () => import('./StatsPage.vue'), meta: { permission: PERMISSIONS.servicesRead } },
];
