import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Volunteers 志愿者 in the console, children of the layout. The certificate's print page stands alone (printConsoleRoutes). */
export const volunteersRoutes: RouteRecordRaw[] = [
  { path: 'volunteers', name: 'volunteers', component: () => import('./VolunteersPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'volunteers/corrections', name: 'volunteer-corrections', component: () => import('./CorrectionsPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'volunteers/teams', name: 'volunteer-teams', component: () => import('./TeamsPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'volunteers/certificates', name: 'volunteer-certificates', component: () => import('./CertificatesPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'volunteers/recognitions', name: 'volunteer-recognitions', component: () => import('./RecognitionsPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
  { path: 'volunteers/stars', name: 'volunteer-stars', component: () => import('./StarsPage.vue'), meta: { permission: PERMISSIONS.volunteersRead } },
];

/** Outside the layout: the A4 sheet prints without the menu. */
export const volunteersPrintRoutes: RouteRecordRaw[] = [
  { path: '/volunteers/certificates/:id/print', name: 'volunteer-certificate-print', component: () => import('./CertificatePrintPage.vue'), props: true, meta: { permission: PERMISSIONS.volunteersRead } },
];
