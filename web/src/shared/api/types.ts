/**
 * Shapes of the JSON the server sends under /api/v1 (camelCase). They mirror the server's TypeBox schemas;
 * when a field changes there, change it here so the type checker finds every page that reads it.
 */

export const ORG_KINDS = [
  'region',
  'city',
  'county',
  'town',
  'community',
  'grid',
  'building',
  'unit',
  'department',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface OrgNode {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  /** village / gacha for communities, street / sumu for towns, banner for counties, league for cities … */
  subkind: string | null;
  /** Official division code where one exists. */
  code: string | null;
  name: string;
  depth: number;
  /** Materialized path of ids from the root, e.g. "1.12.305". */
  path: string;
  childCount: number;
}

export interface OrgNodeSearchHit extends OrgNode {
  /** Names from the root down to the node itself. */
  pathNames: string[];
}

export interface OrgNodeWithAncestors {
  node: OrgNode;
  /** Root first. */
  ancestors: OrgNode[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface MeUser {
  id: number;
  username: string;
  displayName: string;
  /** Masked, e.g. 138****1234. */
  mobile: string | null;
  homeNodeId: number;
}

export interface MeRole {
  id: number;
  role: string;
  orgNode: OrgNode;
}

export interface Me {
  user: MeUser;
  roles: MeRole[];
  /** The top nodes the user can see (where they hold roles), minimal set. */
  scopes: OrgNode[];
  permissions: string[];
}

export interface LoginResult {
  token: string;
  user: MeUser;
}

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface RoleDefinition {
  role: string;
  label: LocalizedText;
  /** Kinds of node the role may be held at. */
  nodeKinds: OrgKind[];
}

export interface UserRoleAssignment {
  id: number;
  role: string;
  orgNodeId: number;
  orgNodeName: string;
}

export interface ManagedUser {
  id: number;
  username: string;
  displayName: string;
  mobile: string | null;
  homeNodeId: number;
  homeNodeName: string;
  disabled: boolean;
  lockedUntil: string | null;
  roles: UserRoleAssignment[];
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  mobile?: string;
  password: string;
  homeNodeId: number;
}

export interface UpdateUserInput {
  displayName?: string;
  mobile?: string;
  disabled?: boolean;
  password?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: number; displayName: string } | null;
  action: string;
  objectType: string;
  objectId: string | null;
  orgNodeId: number | null;
  orgNodeName: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  nodeId?: number;
  action?: string;
  actorId?: number;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<NotificationItem> {
  unread: number;
}

export type CalendarReason = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday' | 'local_rest' | 'local_work';

export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  workday: boolean;
  reason: CalendarReason;
  name?: string;
}

/** The error body every failing request carries. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    messages?: LocalizedText;
    details?: unknown;
  };
}
