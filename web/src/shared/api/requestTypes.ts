/**
 * Shapes of the requests 接诉即办 API (server/src/modules/requests/*.schema.ts). Kept apart from types.ts because
 * the module is large; the same rule applies: when a field changes on the server, change it here.
 */
import type { LocalizedText, OrgKind } from './types';

export const REQUEST_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'merged',
  'rejected',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_CHANNELS = ['resident', 'staff', 'patrol', 'building_leader', 'mobile_grid_worker', 'hotline', 'open311'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const REQUEST_PRIORITIES = ['urgent', 'ordinary', 'complex'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const CLOSE_REASONS = ['followed_up', 'no_reply', 'no_reporter'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Steps a person may take on a request; `allowedActions` lists those open to the caller right now. */
export const REQUEST_ACTIONS = [
  'accept',
  'dispatch',
  'take',
  'progress',
  'resolve',
  'return',
  'transfer',
  'merge',
  'reject',
  'request_extension',
  'decide_extension',
  'follow_up',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** Names of timeline events: the user steps plus what the system records. */
export const TIMELINE_ACTIONS = [
  'submit',
  'accept',
  'dispatch',
  'take',
  'progress',
  'resolve',
  'self_resolve',
  'return',
  'transfer',
  'merge',
  'merged_in',
  'reject',
  'follow_up',
  'reopen',
  'close',
  'remind',
  'escalate',
  'extension_request',
  'extension_approve',
  'extension_deny',
  'deadline_recompute',
] as const;

export const LIMIT_UNITS = ['calendar_minutes', 'working_minutes', 'working_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface Named {
  id: number;
  name: string;
}

export interface Photo {
  id: string;
  url: string;
  thumbUrl: string;
}

export interface RequestItem {
  id: number;
  /** e.g. LX202610090000042 */
  number: string;
  channel: RequestChannel;
  externalRef: string | null;
  status: RequestStatus;
  priority: RequestPriority;
  title: string;
  content: string;
  category: {
    id: number;
    code: string;
    name: string;
    nameEn: string;
    parent: { id: number; name: string; nameEn: string } | null;
  } | null;
  node: { id: number; name: string; kind: string };
  building: Named | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  photos: Photo[];
  /** Masked unless the caller is the reporter. */
  reporter: { name: string | null; phone: string | null; isYou: boolean; masked: boolean };
  createdBy: Named | null;
  assignee: { user: Named | null; unit: Named | null };
  mergedInto: { id: number; number: string } | null;
  selfResolved: boolean;
  receivedAt: string;
  responseDueAt: string;
  resolutionDueAt: string;
  /** A deadline was counted over a year whose holiday schedule is not entered yet (Monday to Friday): it may move. */
  deadlineEstimated: boolean;
  respondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  followUp: { dueAt: string | null; at: string | null; solved: boolean | null; satisfaction: Satisfaction | null; comment: string | null };
  reopenCount: number;
  returnCount: number;
  escalationLevel: number;
  escalated: boolean;
  overdue: { response: boolean; resolution: boolean };
  pendingExtensionId: number | null;
  allowedActions: RequestAction[];
  /** Whether POST /requests/{id}/contact would answer. */
  canViewContact: boolean;
}

export interface TimelineEvent {
  id: number;
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  photos: Photo[];
  /** Null for steps the system took (reminders, escalations, hotline intake). */
  actor: Named | null;
  /**
   * Dispatch and transfer events: to whom — a person (with the unit they handle for), a department / partner
   * unit, or another place (a transfer to a grid, community, street …). Null for other events.
   */
  assignedTo: { user: Named | null; unit: Named | null; place: (Named & { kind: string }) | null } | null;
  data: Record<string, unknown>;
}

export interface RequestExtension {
  id: number;
  status: 'pending' | 'approved' | 'denied' | 'withdrawn';
  reason: string;
  extraWorkingDays: number;
  requestedBy: Named | null;
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  previousDueAt: string | null;
  newDueAt: string | null;
}

export interface RequestDetail extends RequestItem {
  timeline: TimelineEvent[];
  extensions: RequestExtension[];
}

export interface RequestList {
  items: RequestItem[];
  total: number;
}

export interface LocationInput {
  lng?: number | null;
  lat?: number | null;
  buildingNodeId?: number | null;
  orgNodeId?: number | null;
  address?: string | null;
}

export interface SubmitInput {
  channel: 'resident' | 'staff' | 'patrol' | 'building_leader' | 'mobile_grid_worker' | 'hotline';
  content: string;
  title?: string | null;
  categoryId?: number | null;
  priority?: RequestPriority;
  location?: LocationInput;
  photoIds?: string[];
  reporter?: { name?: string | null; phone?: string | null };
}

export interface SelfResolveInput extends Omit<SubmitInput, 'channel'> {
  photoIds: string[];
  note: string;
}

export interface NoteInput {
  note?: string | null;
  photoIds?: string[];
}

export interface ClassifyInput {
  note?: string | null;
  categoryId?: number | null;
  priority?: RequestPriority;
}

export interface DispatchInput extends ClassifyInput {
  assigneeUserId?: number | null;
  unitNodeId?: number | null;
}

export interface FollowUpInput {
  solved: boolean;
  satisfaction: Satisfaction;
  comment?: string | null;
}

export interface DispatchTargets {
  people: { userId: number; name: string; role: string; node: Named }[];
  /** handlers: how many people handle for the unit; 0 cannot be dispatched to. */
  units: { id: number; name: string; subkind: string | null; handlers: number }[];
}

/** Where a request may be transferred (GET /requests/{id}/transfer-targets). */
export interface TransferTargets {
  units: { id: number; name: string; subkind: string | null; parentName: string | null }[];
  /** Places above the request (nearest first, `above`), then places within the caller's reach (shallowest first). */
  places: { id: number; name: string; kind: OrgKind; subkind: string | null; parentName: string | null; above: boolean }[];
  /** More matched than listed: narrow with a name. */
  more: boolean;
}

export interface RequestCategory {
  id: number;
  parentId: number | null;
  /** null for the defaults every node inherits. */
  orgNodeId: number | null;
  code: string;
  name: string;
  nameEn: string;
  keywords: string[];
  active: boolean;
  sortOrder: number;
}

export interface CategoryTree {
  items: (RequestCategory & { children: RequestCategory[] })[];
  actions: { configure: boolean };
}

export interface Suggestions {
  categories: {
    id: number;
    code: string;
    name: string;
    nameEn: string;
    parentName: string | null;
    parentNameEn: string | null;
    /** Share of the evidence, 0–1. */
    score: number;
    matchedKeywords: string[];
    similarPast: number;
  }[];
  duplicates: {
    id: number;
    number: string;
    title: string;
    status: string;
    receivedAt: string;
    distanceMeters: number | null;
    similarity: number;
  }[];
  basis: {
    words: string[];
    duplicateCategory: { id: number; name: string; nameEn: string; suggested: boolean } | null;
    location: 'point' | 'building' | 'none';
    historySize: number;
  };
}

export interface ContactReply {
  name: string | null;
  phone: string | null;
  userId: number | null;
}

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

export interface LimitSet {
  priority: RequestPriority;
  response: Limit;
  resolution: Limit;
  onSite: Limit;
}

export interface TimeLimit {
  id: number;
  node: Named;
  categoryId: number | null;
  priority: RequestPriority;
  response: Limit;
  resolution: Limit;
  onSite: Limit | null;
  /** Set at an ancestor of the node asked about. */
  inherited: boolean;
  updatedAt: string;
}

export interface TimeLimitsReply {
  node: Named;
  defaults: LimitSet[];
  effective: LimitSet[];
  items: TimeLimit[];
  actions: { configure: boolean };
}

export interface PutTimeLimitInput {
  nodeId: number;
  categoryId?: number | null;
  priority: RequestPriority;
  response: Limit;
  resolution: Limit;
  onSite?: Limit | null;
}

export interface CreateCategoryInput {
  nodeId: number;
  parentId?: number | null;
  code: string;
  name: string;
  nameEn: string;
  keywords?: string[];
  sortOrder?: number;
}

export type CategoryPatch = Partial<Pick<RequestCategory, 'name' | 'nameEn' | 'keywords' | 'active' | 'sortOrder'>>;

export interface RateCounts {
  received: number;
  responded: number;
  respondedOnTime: number;
  resolved: number;
  selfResolved: number;
  merged: number;
  rejected: number;
  escalated: number;
  followedUp: number;
  solved: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  noReply: number;
  reopened: number;
  /** 0–1; null when there is nothing to divide by. */
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export const RATE_KEYS = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export interface RatesReply {
  node: { id: number; name: string; kind: string };
  from: string;
  to: string;
  totals: RateCounts;
  byChild: (RateCounts & { node: { id: number; name: string; kind: string; self: boolean } })[];
  byMonth: (RateCounts & { month: string })[];
  definitions: Record<RateKey, LocalizedText>;
}
