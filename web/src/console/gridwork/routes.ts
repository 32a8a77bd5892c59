import type { RouteRecordRaw } from 'vue-router';
import { PERMISSIONS } from '../permissions';

/** Grid work 网格工作 in the console, children of the layout: coverage and statistics, the work log, rules, assignments. */
export const gridworkRoutes: RouteRecordRaw[] = [
  { path: 'gridwork/coverage', name: 'gridwork-coverage', component: () => import('./CoveragePage.vue'), meta: { permission: PERMISSIONS.gridworkRead } },
  { path: 'gridwork/logs', name: 'gridwork-logs', component: () => import('./WorkLogPage.vue'), meta: { permission: PERMISSIONS.gridworkRead } },
  { path: 'gridwork/rules', name: 'gridwork-rules', component: () => import('./RulesPage.vue'), meta: { permission: PERMISSIONS.gridworkRead } },
  { path: 'gridwork/assignments', name: 'gridwork-assignments', component: () => import('./AssignmentsPage.vue'), meta: { permission: PERMISSIONS.registryRead } },
];
