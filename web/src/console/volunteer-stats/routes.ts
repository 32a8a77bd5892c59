import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Volunteering statistics in the console, a child of the layout. */
export const volunteerStatsRoutes: RouteRecordRaw[] = [
  { path: 'volunteers/stats', name: 'volunteer-stats', component: () => import('./StatsPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
];
