import type { OrgKind } from '../db/schema/org.js';
import type { Message } from './errors.js';

/**
 * What a role allows. Permissions are held at the node where the role is assigned and reach its subtree.
 * Modules add their own permission names here as they arrive.
 */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'users.read',
  'users.manage',
  'audit.read',
  'calendar.manage',
  'personal.view_full',
  'notifications.send',
  'files.upload',
  /** Requests 接诉即办: report one, dispatch (accept, transfer, merge, reject, record follow-ups), handle dispatched work, supervise (approve extensions, receive escalations), read, configure categories and time limits. */
  'requests.intake',
  'requests.dispatch',
  'requests.handle',
  'requests.supervise',
  'requests.read',
  'requests.configure',
  /** Function rooms 功能室: manage rooms, hours, teams and approvals; book; check any booking in. */
  'rooms.manage',
  'rooms.book',
  'rooms.checkin_any',
  /** Resident registry 实有人口: read (masked), keep people and households up to date, configure care tags and visit rules. */
  'registry.read',
  'registry.manage',
  'registry.configure',
  /** Grid work: write one's own work log (visits, patrols, errands); read work logs, visit plans and coverage of the subtree. */
  'gridwork.log',
  'gridwork.read',
  /**
   * Volunteering: read volunteers, teams, activities, hours and statistics of the subtree; keep records, teams and
   * activities, confirm hours, issue certificates and recognition; configure star thresholds and point rules.
   * Approving an hour record made after its window takes volunteers.manage at a node above the record's.
   */
  'volunteers.read',
  'volunteers.manage',
  'volunteers.configure',
  /** The charity store 爱心超市: goods, stock, stocktaking, redemptions and pickups, awarding or deducting points. */
  'points.manage',
  /** Micro-wishes 微心愿: post one for a resident and confirm it was fulfilled; verify, publish and track them. */
  'wishes.intake',
  'wishes.manage',
  /** In-service party members 双报到: registrations, service posts, pairing with units, quarterly service cards. */
  'party.manage',
  /**
   * Convenience services 便民服务: read the guide's drafts, windows, appointments, queue, roster and statistics of the
   * subtree; keep the service guide, windows, roster and workshop providers; serve at the hall (queue desk: check in,
   * call, serve, transfer; answer ratings; book for a walk-in).
   */
  'services.read',
  'services.manage',
  'services.serve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleDefinition {
  role: string;
  label: Message;
  /** Kinds of node the role may be held at. */
  nodeKinds: OrgKind[];
  /** Higher ranks may grant lower ranks, never their own or above. */
  rank: number;
  permissions: Permission[];
}

const ADMIN: Permission[] = [
  'org.read',
  'org.manage',
  'users.read',
  'users.manage',
  'audit.read',
  'calendar.manage',
  'personal.view_full',
  'notifications.send',
  'files.upload',
  'requests.intake',
  'requests.dispatch',
  'requests.supervise',
  'requests.read',
  'requests.configure',
  'rooms.manage',
  'rooms.book',
  'rooms.checkin_any',
  'registry.read',
  'registry.manage',
  'registry.configure',
  'gridwork.read',
  'volunteers.read',
  'volunteers.manage',
  'volunteers.configure',
  'points.manage',
  'wishes.intake',
  'wishes.manage',
  'party.manage',
  'services.read',
  'services.manage',
  'services.serve',
];
const STAFF: Permission[] = ['org.read', 'users.read', 'users.manage', 'audit.read', 'personal.view_full', 'notifications.send', 'files.upload', 'requests.intake', 'requests.dispatch', 'requests.handle', 'requests.read', 'rooms.manage', 'rooms.book', 'rooms.checkin_any', 'registry.read', 'registry.manage', 'gridwork.log', 'gridwork.read', 'volunteers.read', 'volunteers.manage', 'points.manage', 'wishes.intake', 'wishes.manage', 'party.manage', 'services.read', 'services.manage', 'services.serve'];
const FIELD: Permission[] = ['org.read', 'files.upload', 'rooms.book'];

export const ROLES: RoleDefinition[] = [
  { role: 'system_admin', label: { zh: '系统管理员', en: 'System admin' }, nodeKinds: ['region'], rank: 100, permissions: ADMIN },
  { role: 'region_admin', label: { zh: '自治区管理员', en: 'Region admin' }, nodeKinds: ['region'], rank: 90, permissions: ADMIN },
  { role: 'city_admin', label: { zh: '盟市管理员', en: 'City/league admin' }, nodeKinds: ['city'], rank: 80, permissions: ADMIN },
  { role: 'county_admin', label: { zh: '旗县区管理员', en: 'County/banner/district admin' }, nodeKinds: ['county'], rank: 70, permissions: ADMIN },
  { role: 'town_admin', label: { zh: '街道/镇/苏木管理员', en: 'Town/street/sumu admin' }, nodeKinds: ['town'], rank: 60, permissions: ADMIN },
  { role: 'community_secretary', label: { zh: '社区书记', en: 'Community secretary' }, nodeKinds: ['community'], rank: 50, permissions: ADMIN },
  { role: 'community_staff', label: { zh: '社区工作者', en: 'Community staff' }, nodeKinds: ['community'], rank: 40, permissions: STAFF },
  { role: 'department_handler', label: { zh: '部门/共建单位办理人', en: 'Department handler' }, nodeKinds: ['department'], rank: 30, permissions: [...FIELD, 'requests.handle'] },
  { role: 'grid_worker', label: { zh: '网格员', en: 'Grid worker' }, nodeKinds: ['grid'], rank: 30, permissions: [...FIELD, 'requests.intake', 'requests.handle', 'requests.read', 'registry.read', 'registry.manage', 'gridwork.log', 'gridwork.read', 'volunteers.read', 'wishes.intake', 'services.read'] },
  { role: 'building_leader', label: { zh: '楼栋长', en: 'Building leader' }, nodeKinds: ['building'], rank: 20, permissions: [...FIELD, 'requests.intake'] },
  { role: 'unit_leader', label: { zh: '单元长', en: 'Unit leader' }, nodeKinds: ['unit'], rank: 20, permissions: [...FIELD, 'requests.intake'] },
  { role: 'household_leader', label: { zh: '联户长', en: 'Household leader' }, nodeKinds: ['building', 'unit'], rank: 20, permissions: [...FIELD, 'requests.intake'] },
  // 移动网格员: delivery riders, drivers and other new-economy workers who report what they see [seeds 002].
  { role: 'mobile_grid_worker', label: { zh: '移动网格员', en: 'Mobile grid worker' }, nodeKinds: ['town', 'community', 'grid'], rank: 15, permissions: [...FIELD, 'requests.intake'] },
  { role: 'resident', label: { zh: '居民', en: 'Resident' }, nodeKinds: ['community', 'grid', 'building', 'unit'], rank: 10, permissions: ['org.read', 'files.upload', 'rooms.book'] },
];

const byName = new Map(ROLES.map((r) => [r.role, r]));

export function roleDefinition(role: string): RoleDefinition | undefined {
  return byName.get(role);
}

export function roleHas(role: string, permission: Permission): boolean {
  return byName.get(role)?.permissions.includes(permission) ?? false;
}
