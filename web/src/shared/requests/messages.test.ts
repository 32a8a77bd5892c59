import { describe, expect, it } from 'vitest';
import { CLOSE_REASONS, REQUEST_ACTIONS, REQUEST_CHANNELS, REQUEST_PRIORITIES, REQUEST_STATUSES, SATISFACTIONS, TIMELINE_ACTIONS } from '../api/requestsApi';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { STEP_SPECS } from './steps';

/**
 * The requests pages build many message keys from values (statuses, channels, step kinds …), which the general
 * i18n test cannot see in the source. Every such key must exist in both languages.
 */
function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

const keys: string[] = [
  ...REQUEST_STATUSES.flatMap((s) => [`requests.status.${s}`, `requests.statusHint.${s}`, `requests.handlerHint.${s}`]),
  ...REQUEST_CHANNELS.map((c) => `requests.channel.${c}`),
  ...REQUEST_PRIORITIES.map((p) => `requests.priority.${p}`),
  ...SATISFACTIONS.map((s) => `requests.satisfaction.${s}`),
  ...CLOSE_REASONS.map((r) => `requests.closeReason.${r}`),
  ...REQUEST_ACTIONS.map((a) => `requests.action.${a}`),
  ...TIMELINE_ACTIONS.map((a) => `requests.event.${a}`),
  ...Object.keys(STEP_SPECS).flatMap((kind) => ['title', 'hint', 'placeholder', 'button', 'submit', 'done'].map((part) => `requests.step.${part}.${kind}`)),
  ...['resident', 'patrol', 'self'].flatMap((mode) => ['title', 'tip', 'contentPlaceholder', 'submit', 'sent'].map((part) => `requests.report.${part}.${mode}`)),
  ...['unsupported', 'denied', 'unavailable', 'timeout'].map((r) => `requests.location.${r}`),
  ...['all', 'open', 'toRate', 'finished'].flatMap((tab) => [`requests.resident.tab.${tab}`, `requests.resident.empty.${tab}`]),
  ...['toTake', 'inHand', 'finished'].flatMap((tab) => [`requests.worker.tab.${tab}`, `requests.worker.empty.${tab}`]),
  ...['pending', 'approved', 'denied', 'withdrawn'].map((s) => `requests.console.extensionStatus.${s}`),
  ...['received', 'deadline', 'status'].map((s) => `requests.console.ledger.sort.${s}`),
  ...['responseRate', 'resolutionRate', 'satisfactionRate'].map((k) => `requests.console.rates.${k}`),
  ...['calendar_hours', 'working_hours', 'working_days'].map((u) => `requests.console.limits.unit.${u}`),
  'requests.status.unknown',
  'requests.event.unknown',
  // Error keys the validation helpers return.
  'requests.report.contentRequired',
  'requests.report.contentTooLong',
  'requests.report.addressTooLong',
  'requests.report.photoRequired',
  'requests.report.noteRequired',
  'requests.report.noteTooLong',
  'requests.followUp.solvedRequired',
  'requests.followUp.satisfactionRequired',
  'requests.followUp.commentRequired',
  'requests.followUp.commentTooLong',
  'requests.step.noteRequired',
  'requests.step.reasonRequired',
  'requests.step.textTooLong',
  'requests.step.daysRange',
];

describe('requests messages', () => {
  it('exist in Chinese and English for every key built from a value', () => {
    expect(keys.filter((key) => typeof lookup(zhCN, key) !== 'string')).toEqual([]);
    expect(keys.filter((key) => typeof lookup(en, key) !== 'string')).toEqual([]);
  });
});
