import type { CounterStore } from '../../platform/counters.js';
import { errors } from '../../platform/errors.js';

/**
 * Wrong passwords slow the one who types them, not the account's owner (OWASP, "Blocking Brute Force Attacks"):
 * - per account *and* address: five free tries, then each further wrong password makes that address wait
 *   1 s, 2 s, 4 s … up to 15 minutes before it may try that account again;
 * - per address across accounts: forty wrong passwords in an hour (password spraying), then the same growing waits
 *   for every account from that address;
 * - per account across addresses: many wrong passwords in an hour mean the account is under attack. Nobody is
 *   locked out; the account's admins get a notice and an audit row (once an hour).
 * Counters live in the counter store: memory for one process, Redis when several share the work.
 * The answer for an unknown name is the same as for a known one, so none of this reveals who has an account.
 */
export const FREE_TRIES_PER_ACCOUNT = 5;
export const FREE_TRIES_PER_ADDRESS = 40;
export const ATTACK_THRESHOLD = 20;
export const FAILURE_WINDOW_MS = 60 * 60_000;
export const MAX_WAIT_MS = 15 * 60_000;
export const ATTACK_REPORT_EVERY_MS = 60 * 60_000;

/**
 * Whom a sign-in is for: the account when the name (username or mobile) is one, so both names share one count;
 * otherwise the name typed.
 */
export function signinSubject(login: string, userId: number | null): string {
  return userId !== null ? `u${userId}` : `n${login.trim().toLowerCase()}`;
}

const keys = (subject: string, ip: string) => ({
  pair: `signin:fail:${subject}|${ip}`,
  pairWait: `signin:wait:${subject}|${ip}`,
  address: `signin:fail-ip:${ip}`,
  addressWait: `signin:wait-ip:${ip}`,
  account: `signin:fail-any:${subject}`,
});

/** Growing wait after `failures` with `free` tries allowed: 1 s, 2 s, 4 s … capped. */
export function waitAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_WAIT_MS, 1000 * 2 ** Math.min(20, failures - free));
}

function throttled(ms: number): Error {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return errors.rateLimited(seconds, '登录尝试过于频繁，请稍后再试', 'Too many sign-in attempts; please wait and try again');
}

/** Refuse before any password is checked while this address must wait for this account (or for any account). */
export async function assertMayTry(store: CounterStore, subject: string, ip: string): Promise<void> {
  const k = keys(subject, ip);
  const wait = Math.max(await store.markedFor(k.pairWait), await store.markedFor(k.addressWait));
  if (wait > 0) throw throttled(wait);
}

/**
 * Count a wrong password (or an unknown name) and set the waits it earns. Returns whether this failure shows the
 * account under attack for the first time this hour (the caller reports it).
 */
export async function recordFailure(store: CounterStore, subject: string, ip: string): Promise<{ report: boolean; failures: number }> {
  const k = keys(subject, ip);
  const [pair, address] = await Promise.all([store.hit(k.pair, FAILURE_WINDOW_MS), store.hit(k.address, FAILURE_WINDOW_MS)]);
  const pairWait = waitAfter(pair.count, FREE_TRIES_PER_ACCOUNT);
  const addressWait = waitAfter(address.count, FREE_TRIES_PER_ADDRESS);
  if (pairWait) await store.mark(k.pairWait, pairWait);
  if (addressWait) await store.mark(k.addressWait, addressWait);
  // Counted for unknown names too, so the work (and the time it takes) does not tell them apart.
  const account = await store.hit(k.account, FAILURE_WINDOW_MS);
  if (account.count < ATTACK_THRESHOLD || !subject.startsWith('u')) return { report: false, failures: account.count };
  return { report: await store.markOnce(`signin:reported:${subject}`, ATTACK_REPORT_EVERY_MS), failures: account.count };
}

/** A right password clears this address's count for the account (not other addresses', not the attack count). */
export async function recordSuccess(store: CounterStore, subject: string, ip: string): Promise<void> {
  const k = keys(subject, ip);
  await store.reset(k.pair, k.pairWait);
}
