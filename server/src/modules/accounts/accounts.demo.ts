import { and, desc, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema/platform.js';
import { chinaTime, DEMO_USER_AGENT, loadDemoPerson, type DemoSession } from '../../platform/demo.js';
import type { SmsPayload } from '../../platform/smsSenders.js';
import { join, listCommunities, listPlaces } from './join.service.js';
import { sendCode, verifyCode } from './otp.service.js';

/**
 * The accounts demo: one resident who signed up on her own phone three days ago — asked for a code, typed it in,
 * gave her name — and joined 保利社区 1号楼 2单元 by the picker. She has no password (codes only), and is not yet
 * confirmed against the registry, so she shows on the staff's "confirm residents" page.
 */
export const DEMO_SIGNUP_MOBILE = '13904720099';

export interface AccountsDemoResult {
  skipped: boolean;
  signedUp: number;
}

/** What her phone showed: the newest text message the outbox holds for the number (as the gateway would open it). */
async function codeOnThePhone(session: DemoSession, mobile: string): Promise<string> {
  const rows = await session.ctx.db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.channel, 'sms')))
    .orderBy(desc(outbox.id))
    .limit(20);
  for (const row of rows) {
    const payload = row.payload as unknown as SmsPayload;
    if (session.ctx.personal.open(payload.to) !== mobile) continue;
    return (JSON.parse(session.ctx.personal.open(payload.params)) as { code: string }).code;
  }
  throw new Error('demo: no code was sent');
}

export async function seedAccountsDemo(session: DemoSession): Promise<AccountsDemoResult> {
  const { ctx, clock, until } = session;
  if (ctx.config.sms.sender === 'none') return { skipped: true, signedUp: 0 };
  const community = (await listCommunities(ctx, '保利社区')).find((c) => c.name === '保利社区');
  const building = community ? (await listPlaces(ctx, community.id)).find((b) => b.name === '1号楼') : undefined;
  const unit = building ? (await listPlaces(ctx, building.id)).find((u) => u.name === '2单元') : undefined;
  if (!unit) return { skipped: true, signedUp: 0 };

  clock.set(chinaTime(until, -3, '20:15'));
  const actor = { userId: null, ip: null, userAgent: DEMO_USER_AGENT };
  await sendCode(ctx, DEMO_SIGNUP_MOBILE);
  clock.set(new Date(clock.now().getTime() + 40_000));
  const signedIn = await verifyCode(ctx, actor, DEMO_SIGNUP_MOBILE, await codeOnThePhone(session, DEMO_SIGNUP_MOBILE), '孙丽华');
  if (!signedIn.created) return { skipped: true, signedUp: 0 };
  clock.set(new Date(clock.now().getTime() + 90_000));
  const person = await loadDemoPerson(ctx.db, signedIn.user.username);
  await join(ctx, person.principal, person.actor, { nodeId: unit.id });
  return { skipped: false, signedUp: 1 };
}
