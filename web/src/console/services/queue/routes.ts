import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../../permissions';

/** Convenience services — queue, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesQueueRoutes: RouteRecordRaw[] = [
  { path: 'services/desk', name: 'services-desk', component: () => import('./DeskPage.vue'), meta: { permission: PERMISSIONS.servicesServe } },
  { path: 'services/ratings', name: 'services-ratings', component: () => import('./RatingsPage.vue'), meta: { permission: PERMISSIONS.servicesServe } },
];
/** The hall's screen and the kiosk: public, full-screen, on the hall's own devices. */
export const servicesQueueBareRoutes: RouteRecordRaw[] = [
  {
    path: '/services/display/:centerId(\\d+)',
    name: 'services-display',
    component: () => import('./DisplayPage.vue'),
    props: (route) => ({ centerId: Number(route.params.centerId) }),
    meta: { public: true },
  },
  {
    path: '/services/kiosk/:centerId(\\d+)',
    name: 'services-kiosk',
    component: () => import('./KioskPage.vue'),
    props: (route) => ({ centerId: Number(route.params.centerId) }),
    meta: { public: true },
  },
];
