import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../../permissions';

/** Convenience services — appointments, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesAppointmentsRoutes: RouteRecordRaw[] = [
  { path: 'services/windows', name: 'services-windows', component: () => import('./WindowsPage.vue'), meta: { permission: PERMISSIONS.servicesManage } },
  { path: 'services/appointments', name: 'services-appointments', component: () => import('./AppointmentsPage.vue'), meta: { permission: PERMISSIONS.servicesRead } },
];
export const servicesAppointmentsBareRoutes: RouteRecordRaw[] = [];
