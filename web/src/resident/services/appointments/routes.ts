import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — appointments, on the phone: book, mine, one appointment. */
export const servicesAppointmentsRoutes: RouteRecordRaw[] = [
  {
    path: '/services/book',
    name: 'appointment-book',
    component: () => import('./BookPage.vue'),
    props: (route) => ({
      ...(Number(route.query.centerId) > 0 ? { centerId: Number(route.query.centerId) } : {}),
      ...(Number(route.query.itemId) > 0 ? { itemId: Number(route.query.itemId) } : {}),
    }),
  },
  { path: '/services/appointments', name: 'appointments-mine', component: () => import('./MyAppointmentsPage.vue') },
  { path: '/services/appointments/:id(\\d+)', name: 'appointment', component: () => import('./AppointmentPage.vue'), props: (route) => ({ id: Number(route.params.id) }) },
];
