import { OPEN_STATUSES, type RequestStatus } from '../../../db/schema/requests.js';
import { can, type Principal } from '../../../platform/access.js';
import { maskMobile, maskName } from '../../../platform/masking.js';
import { allowedActions, canViewContact, type RequestForPolicy } from './policy.js';
import type { EventRow, ExtensionRow, RequestView } from './repo.js';

/**
 * How a request looks to a caller: the reporter's name and phone masked (except to the reporter), the actions the
 * caller may take now, and overdue flags as of `now`. Residents see their own timeline without the internal steps.
 */
export function policyView(v: RequestView): RequestForPolicy {
  return {
    status: v.request.status,
    nodePath: v.nodePath,
    reporterUserId: v.request.reporterUserId,
    createdBy: v.request.createdBy,
    assigneeUserId: v.request.assigneeUserId,
    assigneeNodePath: v.unitPath,
    pendingExtensionBy: v.pendingExtensionBy,
  };
}

const photo = (id: string) => ({ id, url: `/api/v1/files/${id}`, thumbUrl: `/api/v1/files/${id}/thumb` });
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const isOpen = (s: RequestStatus) => (OPEN_STATUSES as readonly string[]).includes(s);

export function presentRequest(p: Principal, v: RequestView, now: Date) {
  const r = v.request;
  const isReporter = r.reporterUserId !== null && r.reporterUserId === p.userId;
  const open = isOpen(r.status);
  return {
    id: r.id,
    number: r.number,
    channel: r.channel,
    externalRef: r.externalRef,
    status: r.status,
    priority: r.priority,
    title: r.title,
    content: r.content,
    category:
      r.categoryId === null
        ? null
        : {
            id: r.categoryId,
            code: v.categoryCode ?? '',
            name: v.categoryName ?? '',
            nameEn: v.categoryNameEn ?? '',
            parent:
              v.parentCategoryId === null
                ? null
                : { id: v.parentCategoryId, name: v.parentCategoryName ?? '', nameEn: v.parentCategoryNameEn ?? '' },
          },
    node: { id: r.orgNodeId, name: v.nodeName, kind: v.nodeKind, community: v.communityName },
    building: r.buildingNodeId === null ? null : { id: r.buildingNodeId, name: v.buildingName ?? '' },
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    photos: r.photoIds.map(photo),
    reporter: {
      name: isReporter ? r.reporterName : maskName(r.reporterName),
      phone: isReporter ? r.reporterPhone : maskMobile(r.reporterPhone),
      isYou: isReporter,
      masked: !isReporter,
    },
    createdBy: r.createdBy === null ? null : { id: r.createdBy, name: v.creatorName ?? '' },
    assignee: {
      user: r.assigneeUserId === null ? null : { id: r.assigneeUserId, name: v.assigneeName ?? '' },
      unit: r.assigneeNodeId === null ? null : { id: r.assigneeNodeId, name: v.unitName ?? '' },
    },
    mergedInto: r.mergedIntoId === null ? null : { id: r.mergedIntoId, number: v.mergedIntoNumber ?? '' },
    selfResolved: r.selfResolved,
    receivedAt: r.receivedAt.toISOString(),
    responseDueAt: r.responseDueAt.toISOString(),
    resolutionDueAt: r.resolutionDueAt.toISOString(),
    deadlineEstimated: r.deadlineEstimated,
    respondedAt: iso(r.respondedAt),
    resolvedAt: iso(r.resolvedAt),
    closedAt: iso(r.closedAt),
    closeReason: r.closeReason,
    followUp: {
      dueAt: iso(r.followUpDueAt),
      at: iso(r.followUpAt),
      solved: r.followUpSolved,
      satisfaction: r.satisfaction,
      comment: r.followUpComment,
    },
    reopenCount: r.reopenCount,
    returnCount: r.returnCount,
    escalationLevel: r.escalationLevel,
    escalated: r.escalatedAt !== null,
    meTooCount: r.meTooCount,
    overdue: {
      response: r.respondedAt === null && open && r.responseDueAt.getTime() < now.getTime(),
      resolution: open && r.resolutionDueAt.getTime() < now.getTime(),
    },
    pendingExtensionId: v.pendingExtensionId,
    allowedActions: allowedActions(p, policyView(v)),
    canViewContact: canViewContact(p, policyView(v)),
  };
}

/** Steps only staff see on the timeline (a resident does not need to read about reminders and escalations). */
const INTERNAL_EVENTS = new Set(['remind', 'escalate', 'extension_request', 'extension_approve', 'extension_deny']);

/** Staff see every event; someone who sees the request only as its reporter or author sees the public steps. */
export function isStaffViewer(p: Principal, v: RequestView): boolean {
  return (
    can(p, 'requests.read', v.nodePath) ||
    p.userId === v.request.assigneeUserId ||
    (v.unitPath !== null && can(p, 'requests.handle', v.unitPath))
  );
}

/** Names of the people and nodes that dispatch and transfer events point to (looked up when the timeline is read). */
export interface TimelineNames {
  users: Map<number, string>;
  nodes: Map<number, { name: string; kind: string }>;
}

const idIn = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

/** The ids of people and nodes that the timeline's dispatch and transfer events point to. */
export function timelineTargetIds(events: EventRow[]): { userIds: number[]; nodeIds: number[] } {
  const userIds = new Set<number>();
  const nodeIds = new Set<number>();
  for (const e of events) {
    const d = e.data ?? {};
    if (e.action === 'dispatch') {
      const user = idIn(d.assigneeUserId);
      const unit = idIn(d.unitNodeId);
      if (user !== null) userIds.add(user);
      if (unit !== null) nodeIds.add(unit);
    } else if (e.action === 'transfer') {
      const target = idIn(d.targetNodeId);
      if (target !== null) nodeIds.add(target);
    }
  }
  return { userIds: [...userIds], nodeIds: [...nodeIds] };
}

/** To whom a dispatch or transfer went: a person (and their unit), a unit, or — transferred — another place. */
function assignedTo(e: EventRow, names: TimelineNames) {
  const d = e.data ?? {};
  if (e.action === 'dispatch') {
    const user = idIn(d.assigneeUserId);
    const unit = idIn(d.unitNodeId);
    if (user === null && unit === null) return null;
    return {
      user: user === null ? null : { id: user, name: names.users.get(user) ?? '' },
      unit: unit === null ? null : { id: unit, name: names.nodes.get(unit)?.name ?? '' },
      place: null,
    };
  }
  if (e.action === 'transfer') {
    const target = idIn(d.targetNodeId);
    if (target === null) return null;
    const node = names.nodes.get(target);
    const name = node?.name ?? (typeof d.targetName === 'string' ? d.targetName : '');
    // A transfer to a unit dispatches it there; one to another place puts it in that place's inbox.
    if (e.toStatus === 'dispatched') return { user: null, unit: { id: target, name }, place: null };
    return { user: null, unit: null, place: { id: target, name, kind: node?.kind ?? '' } };
  }
  return null;
}

export function presentTimeline(p: Principal, v: RequestView, events: EventRow[], names: TimelineNames) {
  const staff = isStaffViewer(p, v);
  const reporterId = v.request.reporterUserId;
  return events
    .filter((e) => staff || !INTERNAL_EVENTS.has(e.action))
    .map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      photos: e.photoIds.map(photo),
      actor:
        e.actorUserId === null
          ? null
          : {
              id: e.actorUserId,
              // A resident's name is personal data: masked to everyone but themselves.
              name: e.actorUserId === reporterId && reporterId !== p.userId ? (maskName(e.actorName) ?? '') : (e.actorName ?? ''),
            },
      assignedTo: assignedTo(e, names),
      data: e.data ?? {},
    }));
}

export function presentExtension(e: ExtensionRow, requestedByName: string | null) {
  return {
    id: e.id,
    status: e.status,
    reason: e.reason,
    extraWorkingDays: e.extraWorkingDays,
    requestedBy: e.requestedBy === null ? null : { id: e.requestedBy, name: requestedByName ?? '' },
    requestedAt: e.requestedAt.toISOString(),
    decidedAt: iso(e.decidedAt),
    decisionNote: e.decisionNote,
    previousDueAt: iso(e.previousDueAt),
    newDueAt: iso(e.newDueAt),
  };
}
