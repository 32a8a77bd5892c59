import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — appointments, on the phone. */
export const servicesAppointmentsRoutes: RouteRecordRaw[] = [];
