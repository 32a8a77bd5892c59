import { CLOSE_REASONS, SATISFACTIONS, type TimelineEvent } from '../api/requestsApi';
import { formatDateTime } from '../format';

type Translate = (key: string, values?: Record<string, unknown>) => string;

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Whom a dispatch or transfer went to, in words: "网格员甲", "小刘（城管办）", "城管办", "第二网格". */
export function assigneeText(assignedTo: TimelineEvent['assignedTo'] | undefined, t: Translate): string | null {
  if (!assignedTo) return null;
  const user = str(assignedTo.user?.name);
  const unit = str(assignedTo.unit?.name);
  if (user && unit) return t('requests.event.personOfUnit', { name: user, unit });
  return user ?? unit ?? str(assignedTo.place?.name);
}

/**
 * The facts an event carries besides its note, in words: to whom it was dispatched, where it was transferred or
 * merged, the follow-up answer, the escalation level, an extension's days and new deadline, why it closed. Unknown
 * data stays unshown rather than dumped as JSON.
 */
export function eventDetails(
  event: Pick<TimelineEvent, 'action' | 'data'> & { assignedTo?: TimelineEvent['assignedTo'] },
  t: Translate,
  locale: string,
): string[] {
  const d = event.data;
  const out: string[] = [];
  switch (event.action) {
    case 'dispatch': {
      const to = assigneeText(event.assignedTo, t);
      if (to) out.push(t('requests.event.dispatchTo', { name: to }));
      break;
    }
    case 'follow_up': {
      if (typeof d.solved === 'boolean') out.push(t(d.solved ? 'requests.followUp.solvedYes' : 'requests.followUp.solvedNo'));
      const satisfaction = str(d.satisfaction);
      if (satisfaction && (SATISFACTIONS as readonly string[]).includes(satisfaction)) out.push(t(`requests.satisfaction.${satisfaction}`));
      if (d.by === 'staff') out.push(t('requests.event.byPhone'));
      break;
    }
    case 'reopen': {
      const round = num(d.round);
      if (round) out.push(t('requests.reopenRound', { n: round }));
      break;
    }
    case 'transfer': {
      const target = assigneeText(event.assignedTo, t) ?? str(d.targetName);
      if (target) out.push(t('requests.event.transferTo', { name: target }));
      break;
    }
    case 'merge': {
      const into = str(d.intoNumber);
      if (into) out.push(t('requests.event.mergeInto', { number: into }));
      break;
    }
    case 'merged_in': {
      const from = str(d.number);
      if (from) out.push(t('requests.event.mergedFrom', { number: from }));
      break;
    }
    case 'escalate': {
      const node = str(d.nodeName);
      const level = num(d.level);
      if (node) out.push(t(d.kind === 'response' ? 'requests.event.escalatedResponse' : 'requests.event.escalatedResolution', { name: node, level: level ?? 1 }));
      break;
    }
    case 'extension_request':
    case 'extension_approve':
    case 'extension_deny': {
      const days = num(d.extraWorkingDays);
      if (days) out.push(t('requests.event.extensionDays', { n: days }));
      const newDue = str(d.newDueAt);
      if (newDue) out.push(t('requests.event.newDue', { time: formatDateTime(newDue, locale) }));
      break;
    }
    case 'deadline_recompute': {
      const response = str(d.responseDueAt);
      if (response) out.push(t('requests.event.newResponseDue', { time: formatDateTime(response, locale) }));
      const newDue = str(d.newDueAt);
      if (newDue) out.push(t('requests.event.newDue', { time: formatDateTime(newDue, locale) }));
      if (d.estimated === true) out.push(t('requests.deadline.estimatedTag'));
      break;
    }
    case 'close': {
      const reason = str(d.reason);
      if (reason && (CLOSE_REASONS as readonly string[]).includes(reason)) out.push(t(`requests.closeReason.${reason}`));
      break;
    }
    case 'submit': {
      if (d.selfResolved === true) out.push(t('requests.selfResolvedTag'));
      break;
    }
  }
  return out;
}
