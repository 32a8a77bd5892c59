import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/**
 * The staff pages for function rooms, under the console layout. /console/rooms/approvals is where the
 * server's "booking awaiting approval" notifications link.
 */
export const roomsRoutes: RouteRecordRaw[] = [
  {
    path: 'rooms',
    component: () => import('./RoomsShell.vue'),
    meta: { permission: PERMISSIONS.roomsManage },
    children: [
      { path: '', name: 'rooms-list', component: () => import('./RoomsListPage.vue'), meta: { permission: PERMISSIONS.roomsManage } },
      { path: 'hours', name: 'rooms-hours', component: () => import('./HoursPage.vue'), meta: { permission: PERMISSIONS.roomsManage } },
      {
        path: 'calendar',
        name: 'rooms-calendar',
        component: () => import('./BookingsCalendarPage.vue'),
        meta: { permission: PERMISSIONS.roomsManage },
      },
      {
        path: 'approvals',
        name: 'rooms-approvals',
        component: () => import('./ApprovalsPage.vue'),
        meta: { permission: PERMISSIONS.roomsManage },
      },
      { path: 'teams', name: 'rooms-teams', component: () => import('./TeamsPage.vue'), meta: { permission: PERMISSIONS.roomsManage } },
      {
        path: 'utilisation',
        name: 'rooms-utilisation',
        component: () => import('./UtilisationPage.vue'),
        meta: { permission: PERMISSIONS.roomsManage },
      },
    ],
  },
];
