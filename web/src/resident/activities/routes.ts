import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';

/**
 * The volunteer activity pages. The paths are part of the contract with the server: notifications link to
 * /m/activities/:id, and an activity's QR code encodes /m/activities/checkin/:token.
 */
export const activitiesRoutes: RouteRecordRaw[] = [
  { path: '/activities', name: 'activities', component: () => import('./ActivitiesPage.vue') },
  {
    path: '/activities/checkin/:token',
    name: 'activity-checkin',
    component: () => import('./CheckinPage.vue'),
    props: (route: RouteLocationNormalized) => ({ token: String(route.params.token) }),
  },
  { path: '/activities/:id(\\d+)', name: 'activity', component: () => import('./ActivityPage.vue'), props: (route: RouteLocationNormalized) => ({ id: Number(route.params.id) }) },
  { path: '/volunteer/hours', name: 'volunteer-hours', component: () => import('./MyHoursPage.vue') },
];
