import type { RouteRecordRaw } from 'vue-router';

/**
 * Convenience services — guide, on the phone: the 便民服务 hub, the guide and an item with its printable notice are
 * public (readable signed out); asking for home service and my requests need an account.
 */
export const servicesGuideRoutes: RouteRecordRaw[] = [
  { path: '/services', name: 'services', component: () => import('./ServicesHubPage.vue'), meta: { public: true } },
  { path: '/services/guide', name: 'service-guide', component: () => import('./GuidePage.vue'), meta: { public: true } },
  {
    path: '/services/items/:id(\\d+)',
    name: 'service-item',
    component: () => import('./ItemPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { public: true },
  },
  { path: '/services/home/new', name: 'home-service-new', component: () => import('./HomeServiceNewPage.vue') },
  { path: '/services/home', name: 'home-service-mine', component: () => import('./HomeServiceMinePage.vue') },
];
