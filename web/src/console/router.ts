import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from '@/shared/stores/auth';
import { PERMISSIONS } from './permissions';
import { roomsRoutes } from './rooms/routes';
import { requestRoutes } from './requests/routes';
import { registryRoutes } from './registry/routes';
import { gridworkRoutes } from './gridwork/routes';
import { activitiesRoutes } from './activities/routes';
import { wishesRoutes } from './wishes/routes';
import { servicesGuideBareRoutes, servicesGuideRoutes } from './services/guide/routes';
import { servicesAppointmentsBareRoutes, servicesAppointmentsRoutes } from './services/appointments/routes';
import { servicesQueueBareRoutes, servicesQueueRoutes } from './services/queue/routes';
import { servicesRosterBareRoutes, servicesRosterRoutes } from './services/roster/routes';
import { servicesWorkshopBareRoutes, servicesWorkshopRoutes } from './services/workshop/routes';
import { servicesStatsRoutes } from './services/stats/routes';
import { volunteersPrintRoutes, volunteersRoutes } from './volunteers/routes';
import { registryIoRoutes } from './registry-io/routes';
import { volunteerStatsRoutes } from './volunteer-stats/routes';
import { pointsRoutes } from './points/routes';
import { safeRedirect } from '@/shared/redirect';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Permission needed to open the page; the menu hides it for everyone else. */
    permission?: string;
    /** The menu entry to light up for a page that has none of its own (a detail page under a list). */
    menu?: string;
  }
}


export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./auth/LoginPage.vue'), meta: { public: true } },
    ...volunteersPrintRoutes,
    ...servicesGuideBareRoutes,
    ...servicesAppointmentsBareRoutes,
    ...servicesQueueBareRoutes,
    ...servicesRosterBareRoutes,
    ...servicesWorkshopBareRoutes,
    {
      path: '/',
      component: () => import('./layout/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'home', component: () => import('./home/HomePage.vue') },
        {
          path: 'org',
          name: 'org',
          component: () => import('./org/OrgTreePage.vue'),
          meta: { permission: PERMISSIONS.orgView },
        },
        {
          path: 'users',
          name: 'users',
          component: () => import('./users/UsersPage.vue'),
          meta: { permission: PERMISSIONS.usersView },
        },
        {
          path: 'audit',
          name: 'audit',
          component: () => import('./audit/AuditPage.vue'),
          meta: { permission: PERMISSIONS.auditView },
        },
        {
          path: 'residents/join-qr',
          name: 'residents-join-qr',
          component: () => import('./residents/JoinQrPage.vue'),
          meta: { permission: PERMISSIONS.usersManage },
        },
        {
          path: 'residents/pending',
          name: 'residents-pending',
          component: () => import('./residents/PendingAccountsPage.vue'),
          meta: { permission: PERMISSIONS.registryManage },
        },
        {
          path: 'residents/corrections',
          name: 'residents-corrections',
          component: () => import('./residents/CorrectionsPage.vue'),
          meta: { permission: PERMISSIONS.registryManage },
        },
        { path: 'inbox', name: 'inbox', component: () => import('./notifications/InboxPage.vue') },
        ...requestRoutes,
        ...roomsRoutes,
        ...registryRoutes,
        ...gridworkRoutes,
        ...activitiesRoutes,
        ...wishesRoutes,
        ...servicesGuideRoutes,
        ...servicesAppointmentsRoutes,
        ...servicesQueueRoutes,
        ...servicesRosterRoutes,
        ...servicesWorkshopRoutes,
        ...servicesStatsRoutes,
        ...volunteersRoutes,
        ...registryIoRoutes,
        ...volunteerStatsRoutes,
        ...pointsRoutes,
        { path: 'calendar', name: 'calendar', component: () => import('./calendar/CalendarPage.vue') },
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('./layout/StatusPage.vue'),
          props: { status: 404 },
        },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  let signedIn = auth.isAuthenticated;
  if (!auth.loaded) {
    try {
      signedIn = (await auth.load()) !== null;
    } catch {
      // Server unreachable: the login page is where the user can retry and read what went wrong.
      signedIn = false;
    }
  }
  if (to.meta.public) {
    return signedIn && to.name === 'login' ? safeRedirect(to.query.redirect) : true;
  }
  if (!signedIn) return { name: 'login', query: { redirect: to.fullPath } };
  return true;
});
