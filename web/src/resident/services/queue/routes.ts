import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — queue, on the phone. The ticket page is public: a walk-in without an account follows its link. */
export const servicesQueueRoutes: RouteRecordRaw[] = [
  { path: '/services/tickets', name: 'queue-mine', component: () => import('./QueueMinePage.vue') },
  {
    path: '/services/tickets/:token([A-Za-z0-9_-]{8,64})',
    name: 'queue-ticket',
    component: () => import('./QueueTicketPage.vue'),
    props: (route) => ({ token: String(route.params.token) }),
    meta: { public: true },
  },
];
