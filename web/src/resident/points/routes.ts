import type { RouteRecordRaw } from 'vue-router';

/** Points 积分 and the charity store 爱心超市 on the phone: my points, my community's store, my redemptions. */
export const pointsRoutes: RouteRecordRaw[] = [
  { path: '/points', name: 'points', component: () => import('./MyPointsPage.vue') },
  { path: '/store', name: 'store', component: () => import('./StorePage.vue') },
  { path: '/store/redemptions', name: 'store-redemptions', component: () => import('./MyRedemptionsPage.vue') },
];
