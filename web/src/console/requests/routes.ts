import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/**
 * Requests 接诉即办 in the console, children of the layout. /console/requests/7 is where notifications about a
 * request lead; who may see it is the server's call, so that page needs no permission of its own.
 */
export const requestRoutes: RouteRecordRaw[] = [
  {
    path: 'requests/inbox',
    name: 'requests-inbox',
    component: () => import('./InboxPage.vue'),
    meta: { permission: PERMISSIONS.requestsDispatch },
  },
  {
    path: 'requests/ledger',
    name: 'requests-ledger',
    component: () => import('./LedgerPage.vue'),
    meta: { permission: PERMISSIONS.requestsRead },
  },
  {
    path: 'requests/map',
    name: 'requests-map',
    component: () => import('./RequestsMapPage.vue'),
    meta: { permission: PERMISSIONS.requestsRead },
  },
  {
    path: 'requests/boards',
    name: 'requests-boards',
    component: () => import('./BoardsPage.vue'),
    meta: { permission: PERMISSIONS.requestsRead },
  },
  {
    path: 'requests/rates',
    name: 'requests-rates',
    component: () => import('./RatesPage.vue'),
    meta: { permission: PERMISSIONS.requestsRead },
  },
  {
    path: 'requests/settings',
    name: 'requests-settings',
    component: () => import('./SettingsPage.vue'),
    meta: { permission: PERMISSIONS.requestsRead },
  },
  {
    path: 'requests/:id(\\d+)',
    name: 'request-detail',
    component: () => import('./RequestDetailPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { menu: '/requests/ledger' },
  },
];
