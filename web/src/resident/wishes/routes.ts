import type { RouteRecordRaw } from 'vue-router';

/** Micro-wishes 微心愿 and the party member's 双报到 on the phone. */
export const wishesRoutes: RouteRecordRaw[] = [
  { path: '/wishes', name: 'wishes', component: () => import('./WishWallPage.vue') },
  { path: '/wishes/new', name: 'wish-new', component: () => import('./NewWishPage.vue') },
  { path: '/wishes/:id(\\d+)', name: 'wish', component: () => import('./WishPage.vue'), props: (route) => ({ id: Number(route.params.id) }) },
  { path: '/party/report', name: 'party-report', component: () => import('./PartyReportPage.vue') },
];
