import type { RouteRecordRaw } from 'vue-router';

/**
 * The volunteer pages on the phone. /m/verify/:serial is the public verification page a certificate's QR code opens
 * (the server builds that address: keep them in step).
 */
export const volunteerRoutes: RouteRecordRaw[] = [
  { path: '/volunteer', name: 'volunteer-home', component: () => import('./VolunteerHomePage.vue') },
  { path: '/volunteer/register', name: 'volunteer-register', component: () => import('./RegisterPage.vue') },
  { path: '/volunteer/teams', name: 'volunteer-teams', component: () => import('./TeamsPage.vue') },
  { path: '/volunteer/correct', name: 'volunteer-correct', component: () => import('./CorrectionPage.vue') },
  { path: '/volunteer/recognitions', name: 'volunteer-recognitions', component: () => import('./RecognitionsPage.vue') },
  { path: '/volunteer/certificates', name: 'volunteer-certificates', component: () => import('./CertificatesPage.vue') },
  { path: '/volunteer/certificates/:id(\\d+)', name: 'volunteer-certificate', component: () => import('./CertificatePage.vue'), props: true },
  { path: '/verify/:serial', name: 'certificate-verify', component: () => import('./VerifyPage.vue'), props: true, meta: { public: true } },
];
