import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../../permissions';

/** Convenience services — workshop, in the console: pages inside the console layout, and full-screen pages outside it. */
export const servicesWorkshopRoutes: RouteRecordRaw[] = [
  { path: 'services/workshop', name: 'services-workshop', component: () => import('./WorkshopPage.vue'), meta: { permission: PERMISSIONS.servicesRead } },
];
export const servicesWorkshopBareRoutes: RouteRecordRaw[] = [];
