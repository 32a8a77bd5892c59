import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from '@/shared/stores/auth';
import { requestRoutes } from './requests/routes';
import { roomsRoutes } from './rooms/routes';
import { activitiesRoutes } from './activities/routes';
import { pointsRoutes } from './points/routes';
import { wishesRoutes } from './wishes/routes';
import { servicesGuideRoutes } from './services/guide/routes';
import { servicesAppointmentsRoutes } from './services/appointments/routes';
import { servicesQueueRoutes } from './services/queue/routes';
import { servicesRosterRoutes } from './services/roster/routes';
import { servicesWorkshopRoutes } from './services/workshop/routes';
import { volunteerRoutes } from './volunteers/routes';
import { safeRedirect } from '@/shared/redirect';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
  }
}


export const router = createRouter({
  history: createWebHistory('/m/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./auth/LoginPage.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./layout/TabLayout.vue'),
      children: [
        { path: '', name: 'home', component: () => import('./home/HomePage.vue') },
        { path: 'inbox', name: 'inbox', component: () => import('./inbox/InboxPage.vue') },
        { path: 'me', name: 'me', component: () => import('./me/MePage.vue') },
      ],
    },
    { path: '/join', name: 'join', component: () => import('./accounts/JoinPage.vue') },
    { path: '/household', name: 'household', component: () => import('./accounts/HouseholdPage.vue') },
    { path: '/household/correct', name: 'household-correct', component: () => import('./accounts/CorrectionPage.vue') },
    ...requestRoutes,
    {
      path: '/soon/:module',
      name: 'coming-soon',
      component: () => import('./home/ComingSoonPage.vue'),
      props: true,
    },
    ...roomsRoutes,
    ...activitiesRoutes,
    ...pointsRoutes,
    ...wishesRoutes,
    ...servicesGuideRoutes,
    ...servicesAppointmentsRoutes,
    ...servicesQueueRoutes,
    ...servicesRosterRoutes,
    ...servicesWorkshopRoutes,
    ...volunteerRoutes,
    { path: '/gridwork', name: 'gridwork', component: () => import('./gridwork/MyGridWorkPage.vue') },
    { path: '/gridwork/log', name: 'gridwork-log', component: () => import('./gridwork/LogWorkPage.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  let signedIn = auth.isAuthenticated;
  if (!auth.loaded) {
    try {
      signedIn = (await auth.load()) !== null;
    } catch {
      signedIn = false;
    }
  }
  if (to.meta.public) return signedIn && to.name === 'login' ? safeRedirect(to.query.redirect) : true;
  if (!signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  // An account in no community yet (just signed up by code) starts by joining one.
  if (to.name === 'home' && auth.roles.length === 0) return { name: 'join' };
  return true;
});
