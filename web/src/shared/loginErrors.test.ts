import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client';
import { loginFailureHint } from './loginErrors';

const t = (key: string, values: Record<string, unknown>) => `${key} ${JSON.stringify(values)}`;

describe('loginFailureHint', () => {
  it('says when a locked account may try again, in Beijing time', () => {
    const locked = new ApiError(423, 'account_locked', '账号已暂时锁定', { lockedUntil: '2026-05-01T02:15:00.000Z' });
    expect(loginFailureHint(locked, t, 'zh-CN')).toBe('login.lockedUntil {"time":"2026/05/01 10:15"}');
  });

  it('says how many tries are left after a wrong password', () => {
    const wrong = new ApiError(401, 'invalid_credentials', '用户名或密码错误', { attemptsLeft: 2 });
    expect(loginFailureHint(wrong, t, 'zh-CN')).toBe('login.attemptsLeft {"n":2}');
    expect(loginFailureHint(new ApiError(401, 'invalid_credentials', 'x'), t, 'zh-CN')).toBeNull();
    expect(loginFailureHint(new Error('boom'), t, 'zh-CN')).toBeNull();
  });
});
