import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — appointments, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesAppointmentsRoutes: RouteRecordRaw[] = [];
export const servicesAppointmentsBareRoutes: RouteRecordRaw[] = [];
