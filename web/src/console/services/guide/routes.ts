import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../../permissions';

/** Convenience services — guide, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesGuideRoutes: RouteRecordRaw[] = [
  { path: 'services/guide', name: 'services-guide', component: () => import('./CataloguePage.vue'), meta: { permission: PERMISSIONS.servicesRead } },
  { path: 'services/home', name: 'services-home', component: () => import('./HomeRequestsPage.vue'), meta: { permission: PERMISSIONS.servicesRead } },
];
export const servicesGuideBareRoutes: RouteRecordRaw[] = [];
