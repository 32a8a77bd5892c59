import { describe, expect, it } from 'vitest';
import zhCN from '../i18n/zh-CN';
import { emptyFollowUp, reopensRequest, validateFollowUp } from './followUp';

function hasMessage(key: string): boolean {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], zhCN) !== undefined;
}

describe('follow-up form', () => {
  it('needs both answers before it can be sent', () => {
    const check = validateFollowUp(emptyFollowUp());
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['satisfaction', 'solved']);
    for (const key of Object.values(check.errors)) expect(hasMessage(key!), key).toBe(true);
  });

  it('accepts a happy answer without a comment and does not reopen', () => {
    const check = validateFollowUp({ solved: true, satisfaction: 'basically_satisfied', comment: '  ' });
    expect(check).toEqual({ ok: true, body: { solved: true, satisfaction: 'basically_satisfied', comment: null }, reopens: false });
  });

  it('asks what is still wrong when the answer reopens the request', () => {
    expect(reopensRequest({ solved: false, satisfaction: 'satisfied' })).toBe(true);
    expect(reopensRequest({ solved: true, satisfaction: 'unsatisfied' })).toBe(true);
    const missing = validateFollowUp({ solved: true, satisfaction: 'unsatisfied', comment: '' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors.comment).toBe('requests.followUp.commentRequired');
    const check = validateFollowUp({ solved: false, satisfaction: 'unsatisfied', comment: ' 灯还是不亮 ' });
    expect(check).toEqual({ ok: true, body: { solved: false, satisfaction: 'unsatisfied', comment: '灯还是不亮' }, reopens: true });
  });

  it('refuses a comment longer than the server keeps', () => {
    const check = validateFollowUp({ solved: true, satisfaction: 'satisfied', comment: '好'.repeat(501) });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.comment).toBe('requests.followUp.commentTooLong');
  });
});
