import { describe, expect, it } from 'vitest';
import en from '@/shared/i18n/en';
import zhCN from '@/shared/i18n/zh-CN';
import { i18n } from '@/shared/i18n';
import { auditActionText, auditObjectLink, auditObjectText, KNOWN_AUDIT_ACTIONS } from './actions';

const g = i18n.global;
const t = (key: string, values?: Record<string, unknown>) => g.t(key, values ?? {});
const te = (key: string) => g.te(key);

describe('the audit log in words', () => {
  it('says what happened in Chinese and English, and shows an unknown code as it is', () => {
    g.locale.value = 'zh-CN';
    expect(auditActionText('requests.ledger_export_download', t, te)).toBe('下载诉求台账');
    expect(auditActionText('request.dispatch', t, te)).toBe('诉求派单');
    // Other workflow steps read through the timeline's step names.
    expect(auditActionText('request.take', t, te)).toBe('诉求接单');
    expect(auditActionText('thing.teleport', t, te)).toBe('thing.teleport');
    g.locale.value = 'en';
    expect(auditActionText('requests.ledger_export_download', t, te)).toBe('Downloaded the request ledger');
    g.locale.value = 'zh-CN';
  });

  it('has a phrase for every action offered in the filter, in both languages', () => {
    const phrases = (m: typeof zhCN) => m.audit.actions as Record<string, string>;
    for (const action of KNOWN_AUDIT_ACTIONS) {
      const key = action.replace(/\./g, '_');
      expect(phrases(zhCN)[key], action).toBeTruthy();
      expect(phrases(en)[key], action).toBeTruthy();
    }
  });

  it('names the object as people know it, links to its page, and hides uuids', () => {
    g.locale.value = 'zh-CN';
    expect(auditObjectText({ objectType: 'user', objectId: '3', objectLabel: '王芳' }, t, te)).toBe('用户 王芳');
    expect(auditObjectText({ objectType: 'ledger_export', objectId: '0b7c2c62-3f4e-4d4b-9a55-0a6a2f5f0c11' }, t, te)).toBe('台账导出');
    expect(auditObjectText({ objectType: 'request', objectId: '42', details: { number: 'LX202603100000042' } }, t, te)).toBe('诉求 LX202603100000042');
    expect(auditObjectText({ objectType: 'gizmo', objectId: '7' }, t, te)).toBe('gizmo #7');
    expect(auditObjectLink({ objectType: 'request', objectId: '42' })).toEqual({ name: 'request-detail', params: { id: '42' } });
    expect(auditObjectLink({ objectType: 'user', objectId: '3' })).toBeNull();
  });
});
