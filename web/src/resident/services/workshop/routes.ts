import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — workshop, on the phone. */
export const servicesWorkshopRoutes: RouteRecordRaw[] = [
  { path: '/services/workshop', name: 'workshop', component: () => import('./WorkshopPage.vue') },
  { path: '/services/workshop/providers/:id(\\d+)', name: 'workshop-provider', component: () => import('./WorkshopProviderPage.vue'), props: (route) => ({ id: Number(route.params.id) }) },
  { path: '/services/workshop/orders', name: 'workshop-orders-mine', component: () => import('./WorkshopOrdersPage.vue') },
  { path: '/services/workshop/mine', name: 'workshop-my-provider', component: () => import('./WorkshopMyProviderPage.vue') },
];
