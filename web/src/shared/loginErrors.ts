import { ApiError } from './api/client';
import { formatDateTime } from './format';

type Translate = (key: string, values: Record<string, unknown>) => string;

/**
 * The line to add under a failed sign-in: when a locked account may try again, or how many tries are left
 * before it locks. People otherwise keep guessing and lock themselves out.
 */
export function loginFailureHint(error: unknown, t: Translate, locale: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const details = (error.details ?? {}) as { lockedUntil?: unknown; attemptsLeft?: unknown };
  if (error.code === 'account_locked' && typeof details.lockedUntil === 'string') {
    return t('login.lockedUntil', { time: formatDateTime(details.lockedUntil, locale) });
  }
  if (error.code === 'invalid_credentials' && typeof details.attemptsLeft === 'number' && details.attemptsLeft > 0) {
    return t('login.attemptsLeft', { n: details.attemptsLeft });
  }
  return null;
}
