import {
  REQUEST_STATUSES,
  TIMELINE_ACTIONS,
  type RequestDetail,
  type RequestItem,
  type RequestStatus,
} from '../api/requestsApi';

/** Colour family of a status, named as both UI kits know them (Element Plus calls "default" "info"). */
export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'default';

const TONES: Record<RequestStatus, Tone> = {
  submitted: 'warning',
  accepted: 'primary',
  dispatched: 'primary',
  in_progress: 'primary',
  resolved: 'success',
  closed: 'default',
  merged: 'default',
  rejected: 'default',
};

/** Statuses in which someone still has to act (deadlines, reminders and escalation apply). */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress'];
export const FINISHED_STATUSES: readonly RequestStatus[] = ['closed', 'merged', 'rejected'];

export function isOpenStatus(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function statusTone(status: string): Tone {
  return TONES[status as RequestStatus] ?? 'default';
}

/** Element Plus tag type for a status. */
export function elementTagType(status: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  const tone = statusTone(status);
  return tone === 'default' ? 'info' : tone;
}

/**
 * Message key of a status. An unknown value (the server may add one before the pages learn it) falls back to a
 * generic label instead of showing a raw code.
 */
export function statusKey(status: string): string {
  return (REQUEST_STATUSES as readonly string[]).includes(status) ? `requests.status.${status}` : 'requests.status.unknown';
}

export function timelineActionKey(action: string): string {
  return (TIMELINE_ACTIONS as readonly string[]).includes(action) ? `requests.event.${action}` : 'requests.event.unknown';
}

/**
 * A request that came back after an unsatisfied follow-up and is being worked on again: residents and handlers
 * should see that it is a second round, not a fresh report.
 */
export function isReopened(item: Pick<RequestItem, 'reopenCount' | 'status'>): boolean {
  return item.reopenCount > 0 && isOpenStatus(item.status);
}

/** The request a notification is about, read from its link (/m/requests/7, /m/tasks/7, /console/requests/7). */
export function requestIdFromLink(link: string | null | undefined): number | null {
  const match = /\/(?:requests|tasks)\/(\d+)(?:[/?#]|$)/.exec(link ?? '');
  return match ? Number(match[1]) : null;
}

/** Notifications about requests are kinds "request.*" (submitted, dispatched, resolved, reopened …). */
export function isRequestNotice(kind: string): boolean {
  return kind.startsWith('request.');
}

/** Why a request was rejected as invalid: the note of its latest reject step (null when it is not rejected). */
export function rejectionReason(request: Pick<RequestDetail, 'status' | 'timeline'>): string | null {
  if (request.status !== 'rejected') return null;
  const step = [...request.timeline].reverse().find((e) => e.action === 'reject');
  return step?.note?.trim() || null;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * 反映人 as a line: the reporter's (masked) name and phone; for a grid worker's patrol find, which has no resident
 * behind it, the grid worker who reported it.
 */
export function reporterText(request: Pick<RequestItem, 'reporter' | 'channel' | 'createdBy'>, t: Translate): string {
  const own = [request.reporter.name, request.reporter.phone].filter(Boolean).join(' ');
  if (own) return own;
  if (request.channel === 'patrol' && request.createdBy) return t('requests.patrolReporter', { name: request.createdBy.name });
  return '—';
}

/** Where a request lies, as "社区 / 网格" below community level, so a district-wide list says which grid it is. */
export function placeName(node: { name: string; community?: string | null }): string {
  return node.community && node.community !== node.name ? `${node.community} / ${node.name}` : node.name;
}
