import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Registry import (registry.manage) and export (registry.read) in the console, children of the layout. */
export const registryIoRoutes: RouteRecordRaw[] = [
  {
    path: 'registry/import',
    name: 'registry-import',
    component: () => import('./ImportPage.vue'),
    meta: { permission: PERMISSIONS.registryManage },
  },
  {
    path: 'registry/export',
    name: 'registry-export',
    component: () => import('./ExportPage.vue'),
    meta: { permission: PERMISSIONS.registryRead },
  },
];
