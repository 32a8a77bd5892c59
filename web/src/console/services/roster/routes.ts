import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../../permissions';

/** Convenience services — roster, in the console: pages inside the console layout, and full-screen pages outside it. */
export const servicesRosterRoutes: RouteRecordRaw[] = [
  { path: 'services/roster', name: 'services-roster', component: () => import('./RosterPage.vue'), meta: { permission: PERMISSIONS.servicesRead } },
];
export const servicesRosterBareRoutes: RouteRecordRaw[] = [];
