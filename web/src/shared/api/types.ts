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

/** A node as GET /me sends it (roles, scopes): the same fields without the child count. */
export type OrgNodeRef = Omit<OrgNode, 'childCount'> & { childCount?: number };

export interface OrgNodeSearchHit extends OrgNode {
  /** Names of the ancestors, root first (not the node itself). */
  pathNames: string[];
}

export interface OrgNodeWithAncestors {
  node: OrgNode & { hasPolygon?: boolean };
  /** Root first; may reach above the caller's scope (names for breadcrumbs). */
  ancestors: OrgNode[];
  /** What the caller may do at the node, so the UI can hide buttons. */
  actions?: { manage: boolean; addChildKinds: string[]; rename: boolean };
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
  orgNode: OrgNodeRef;
}

export interface Me {
  user: MeUser;
  roles: MeRole[];
  /** The top nodes the user can see (where they hold roles), minimal set. */
  scopes: OrgNodeRef[];
  permissions: string[];
}

export interface LoginResult {
  token: string;
  expiresAt: string;
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
  /** A caller may grant only roles ranked below their own rank over the node. */
  rank: number;
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
  createdAt: string;
  roles: UserRoleAssignment[];
  /** What the caller may do with this user; buttons for anything else stay hidden. */
  allowedActions: UserAction[];
}

export type UserAction = 'edit' | 'disable' | 'unlock' | 'grant';

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

export interface AuditPage extends Page<AuditEntry> {
  /** More entries match than the server counted; `total` is then a lower bound. */
  totalCapped: boolean;
}

export interface AuditQuery {
  nodeId?: number;
  action?: string;
  actorId?: number;
  /** YYYY-MM-DD (a whole day in China time, inclusive) or an instant. */
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
  /** English title and body when the sender wrote them. */
  en: { title: string; body: string } | null;
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
  /** Official holiday name, e.g. 春节, and its English name. */
  name?: string;
  nameEn?: string;
  /** Note of the local override that decided the day. */
  note?: string;
  overrideNodeId?: number;
  /** The year's national holiday schedule is not entered yet: counted Monday to Friday, may still change. */
  estimated?: true;
}

/** A holiday (放假) or a make-up workday on a weekend (调休上班) of the national schedule. */
export interface NationalSpecialDay {
  /** YYYY-MM-DD */
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  nameEn: string | null;
}

export type NationalYearSource = 'package' | 'entered' | 'imported';

export interface NationalYear {
  year: number;
  source: NationalYearSource;
  sourceNote: string | null;
  enteredBy: { id: number; displayName: string } | null;
  enteredAt: string;
  holidays: number;
  makeupWorkdays: number;
  /** The recount of open requests' deadlines after the year was entered. */
  recompute: { status: 'pending' | 'done'; processed: number; moved: number; requestedAt: string; finishedAt: string | null } | null;
}

export interface NationalCalendarSummary {
  /** Latest first. */
  years: NationalYear[];
  /** This year and next when not entered: their days are estimated. */
  missing: number[];
  actions: { manage: boolean };
}

export interface NationalYearDetail {
  year: number;
  entry: NationalYear | null;
  days: NationalSpecialDay[];
  actions: { manage: boolean };
}

export interface NationalImportResult extends NationalYearDetail {
  /** false for a preview */
  saved: boolean;
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
