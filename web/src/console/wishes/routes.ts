import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Micro-wishes 微心愿 and 在职党员双报到 in the console, children of the layout. */
export const wishesRoutes: RouteRecordRaw[] = [
  { path: 'wishes', name: 'wishes-console', component: () => import('./WishesPage.vue'), meta: { permission: PERMISSIONS.wishesManage } },
  { path: 'party', name: 'party-console', component: () => import('./PartyPage.vue'), meta: { permission: PERMISSIONS.partyManage } },
];
