import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — roster, on the phone. */
export const servicesRosterRoutes: RouteRecordRaw[] = [
  { path: '/services/duty', name: 'duty-today', component: () => import('./DutyTodayPage.vue') },
];
