import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';

const idProp = (route: RouteLocationNormalized) => ({ id: Number(route.params.id) });
const ReportPage = () => import('./ReportPage.vue');

/**
 * Requests on the phone: a resident's reports (/requests…) and a worker's tasks (/tasks…). Full-screen pages with
 * their own back arrow, outside the tab bar. The links in notifications point here (/m/requests/7, /m/tasks/7).
 */
export const requestRoutes: RouteRecordRaw[] = [
  { path: '/requests', name: 'requests', component: () => import('./MyRequestsPage.vue') },
  { path: '/requests/new', name: 'request-new', component: ReportPage, props: { mode: 'resident' } },
  { path: '/nearby', name: 'nearby', component: () => import('./NearbyPage.vue') },
  { path: '/requests/:id(\\d+)', name: 'request-detail', component: () => import('./RequestDetailPage.vue'), props: idProp },
  { path: '/tasks', name: 'tasks', component: () => import('../tasks/TasksPage.vue') },
  { path: '/tasks/map', name: 'task-map', component: () => import('../tasks/MyGridPage.vue') },
  { path: '/tasks/patrol', name: 'task-patrol', component: ReportPage, props: { mode: 'patrol' } },
  { path: '/tasks/self-resolve', name: 'task-self-resolve', component: ReportPage, props: { mode: 'self' } },
  { path: '/tasks/:id(\\d+)', name: 'task-detail', component: () => import('../tasks/TaskDetailPage.vue'), props: idProp },
];
