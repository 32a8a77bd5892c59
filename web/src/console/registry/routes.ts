import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/**
 * The resident registry 实有人口 in the console: people, households (and one household with its history), care
 * tags, and the review of full views. Who may see which person, tag or household is the server's call.
 */
export const registryRoutes: RouteRecordRaw[] = [
  {
    path: 'registry/persons',
    name: 'registry-persons',
    component: () => import('./PersonsPage.vue'),
    meta: { permission: PERMISSIONS.registryRead },
  },
  {
    path: 'registry/households',
    name: 'registry-households',
    component: () => import('./HouseholdsPage.vue'),
    meta: { permission: PERMISSIONS.registryRead },
  },
  {
    path: 'registry/households/:id(\\d+)',
    name: 'registry-household',
    component: () => import('./HouseholdPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { permission: PERMISSIONS.registryRead, menu: '/registry/households' },
  },
  {
    path: 'registry/tags',
    name: 'registry-tags',
    component: () => import('./TagsPage.vue'),
    meta: { permission: PERMISSIONS.registryRead },
  },
  {
    path: 'registry/access-log',
    name: 'registry-access-log',
    component: () => import('./AccessLogPage.vue'),
    meta: { permission: PERMISSIONS.auditView },
  },
];
