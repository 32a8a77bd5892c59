import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Points 积分 and the charity store 爱心超市 in the console: goods and stock, redemptions, point rules, a volunteer's points. */
export const pointsRoutes: RouteRecordRaw[] = [
  { path: 'store/goods', name: 'store-goods', component: () => import('./StoreGoodsPage.vue'), meta: { permission: PERMISSIONS.pointsManage } },
  { path: 'store/redemptions', name: 'store-redemptions', component: () => import('./RedemptionsPage.vue'), meta: { permission: PERMISSIONS.pointsManage } },
  { path: 'points/rules', name: 'points-rules', component: () => import('./PointRulesPage.vue'), meta: { permission: PERMISSIONS.volunteersConfigure } },
  { path: 'points/ledger', name: 'points-ledger', component: () => import('./VolunteerPointsPage.vue'), meta: { permission: PERMISSIONS.pointsManage } },
];
