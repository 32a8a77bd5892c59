import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Volunteer activities and hours in the console, children of the layout. */
export const activitiesRoutes: RouteRecordRaw[] = [
  { path: 'activities', name: 'activities-list', component: () => import('./ActivitiesPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'activities/:id(\\d+)', name: 'activity-detail', component: () => import('./ActivityDetailPage.vue'), props: true, meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'activities/hours', name: 'activities-hours', component: () => import('./HoursPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'activities/approvals', name: 'activities-approvals', component: () => import('./ApprovalsPage.vue'), meta: { permission: PERMISSIONS.volunteersManage } },
];
