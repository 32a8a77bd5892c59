import type { RouteLocationRaw } from 'vue-router';

/**
 * Audit actions offered in the filter. The filter also accepts any typed action, because modules add their own;
 * an action without a phrase in the message files is shown as its code.
 */
export const KNOWN_AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.under_attack',
  'auth.logout',
  'auth.logout_all',
  'user.create',
  'user.update',
  'user.reset_password',
  'user.disable',
  'user.enable',
  'role.grant',
  'role.revoke',
  'person.view_full',
  'person.create',
  'person.update',
  'person.move',
  'person.tag',
  'person.untag',
  'household.create',
  'household.update',
  'household.close',
  'care_tag.create',
  'care_tag.update',
  'org_node.create',
  'org_node.update',
  'service_center.create',
  'service_center.update',
  'calendar.override_create',
  'calendar.override_update',
  'calendar.override_delete',
  'calendar.national_year_enter',
  'calendar.national_year_import',
  'notification.send',
  'request.contact_view',
  'request.dispatch',
  'request.resolve',
  'request.reject',
  'registry.import',
  'registry.export',
  'registry.export_download',
  'person.export_full',
  'requests.hotline_import',
  'requests.ledger_export',
  'requests.ledger_export_download',
  'booking.create',
  'booking.cancel',
  'booking.approve',
  'booking.reject',
  'booking.checkin',
  'room.create',
  'room.update',
  'room.checkin_code_renew',
  'team.create',
  'seed.demo',
  'account.sign_up',
  'resident.join',
  'resident.move',
  'resident.leave',
  'join_code.create',
  'join_code.renew',
  'person.link_account',
  'person.unlink_account',
  'correction.request',
  'correction.approve',
  'correction.reject',
  'person.correct',
] as const;

/** Message key for an action's label; dots would nest in vue-i18n, so they become underscores. */
export function actionMessageKey(action: string): string {
  return `audit.actions.${action.replace(/\./g, '_')}`;
}

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Exists = (key: string) => boolean;

/**
 * What happened, in words: the phrase for the code; a workflow step on a request (request.<step>) reads through
 * the timeline's step names; an unknown code is shown as it is.
 */
export function auditActionText(action: string, t: Translate, te: Exists): string {
  const key = actionMessageKey(action);
  if (te(key)) return t(key);
  const step = /^request\.([a-z_]+)$/.exec(action)?.[1];
  if (step && te(`requests.event.${step}`)) return t('audit.requestStep', { step: t(`requests.event.${step}`) });
  return action;
}

interface AuditObject {
  objectType: string;
  objectId: string | null;
  objectLabel?: string | null;
  details?: Record<string, unknown> | null;
}

/** Ids that mean nothing to a reader (uuids, long tokens) are left out of the label. */
const READABLE_ID = /^[0-9]{1,12}$/;

/** The object as a reader knows it: "诉求 LX2026…", "用户 张三", "台账导出"; the raw type when it is unknown. */
export function auditObjectText(entry: AuditObject, t: Translate, te: Exists): string {
  const typeKey = `audit.objectTypes.${entry.objectType}`;
  const type = te(typeKey) ? t(typeKey) : entry.objectType;
  const fromDetails = typeof entry.details?.number === 'string' ? entry.details.number : typeof entry.details?.name === 'string' ? entry.details.name : null;
  const label = entry.objectLabel ?? fromDetails;
  if (label) return `${type} ${label}`;
  if (entry.objectId && READABLE_ID.test(entry.objectId)) return t('audit.objectWithId', { type, id: entry.objectId });
  return type;
}

/** The page of the object, where the console has one. */
export function auditObjectLink(entry: AuditObject): RouteLocationRaw | null {
  if (!entry.objectId || !READABLE_ID.test(entry.objectId)) {
    return entry.objectType === 'ledger_export' ? { name: 'requests-ledger' } : null;
  }
  if (entry.objectType === 'request') return { name: 'request-detail', params: { id: entry.objectId } };
  if (entry.objectType === 'room') return { name: 'rooms-list' };
  if (entry.objectType === 'booking' || entry.objectType === 'booking_series') return { name: 'rooms-calendar' };
  if (entry.objectType === 'team') return { name: 'rooms-teams' };
  if (entry.objectType === 'household') return { name: 'registry-household', params: { id: entry.objectId } };
  if (entry.objectType === 'care_tag') return { name: 'registry-tags' };
  if (entry.objectType === 'request_category' || entry.objectType === 'request_time_limit') return { name: 'requests-settings' };
  return null;
}
