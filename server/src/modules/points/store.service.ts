import { randomInt } from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx, type Tx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { stockMovements, storeGoods, storeRedemptions, type RedemptionStatus, type StockMovementKind } from '../../db/schema/points.js';
import { volunteers } from '../../db/schema/volunteers.js';
import { assertCan, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { attachFiles, checkAttachable, registerFileReader } from '../../platform/attachments.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { toShanghaiIso } from '../../platform/calendarDays.js';
import { errors } from '../../platform/errors.js';
import { violatedUniqueIndex } from '../users/users.repo.js';
import { lockVolunteerAccount, post } from './ledger.js';
import { loadNode, myVolunteer, type VolunteerRef } from './points.scope.js';

/**
 * The charity store 爱心超市 of a node (docs/adr/0024). Goods carry a cached stock moved only with a stock movement
 * in the same transaction; a redemption locks the volunteer's account, takes the stock by a conditional update
 * (`stock >= quantity`, and a check keeps it at zero or more), posts the points and writes a pickup code — all in
 * one transaction. Staff hand the goods over by the code; an open redemption cancelled refunds both as new rows.
 */

export const GOODS_FILE_TYPE = 'store_goods';

export function registerGoodsFiles(): void {
  // A goods photo is shown to anyone signed in who may see the store's goods: staff of the node and residents.
  registerFileReader(GOODS_FILE_TYPE, async (ctx, _principal, id) => {
    const [row] = await ctx.db.select({ id: storeGoods.id }).from(storeGoods).where(eq(storeGoods.id, Number(id)));
    return Boolean(row);
  });
}

export interface GoodsView {
  id: number;
  nodeId: number;
  nodeName: string;
  name: string;
  description: string;
  photoFileId: string | null;
  pricePoints: number;
  monthlyLimit: number | null;
  onShelf: boolean;
  stock: number;
}

const goodsFields = {
  id: storeGoods.id,
  nodeId: storeGoods.nodeId,
  nodeName: orgNodes.name,
  name: storeGoods.name,
  description: storeGoods.description,
  photoFileId: storeGoods.photoFileId,
  pricePoints: storeGoods.pricePoints,
  monthlyLimit: storeGoods.monthlyLimit,
  onShelf: storeGoods.onShelf,
  stock: storeGoods.stock,
};

async function goodsRow(db: DbOrTx, id: number): Promise<(GoodsView & { path: string }) | undefined> {
  const [row] = await db
    .select({ ...goodsFields, path: orgNodes.path })
    .from(storeGoods)
    .innerJoin(orgNodes, eq(orgNodes.id, storeGoods.nodeId))
    .where(eq(storeGoods.id, id));
  return row;
}

async function managedGoods(db: DbOrTx, principal: Principal, id: number) {
  const row = await goodsRow(db, id);
  if (!row) throw errors.notFound();
  assertCan(principal, 'points.manage', row.path);
  return row;
}

const present = (row: GoodsView & { path?: string }): GoodsView => ({
  id: row.id,
  nodeId: row.nodeId,
  nodeName: row.nodeName,
  name: row.name,
  description: row.description,
  photoFileId: row.photoFileId,
  pricePoints: row.pricePoints,
  monthlyLimit: row.monthlyLimit,
  onShelf: row.onShelf,
  stock: row.stock,
});

const nameTaken = (name: string) => errors.conflict('goods_name_taken', `本超市已有同名商品：${name}`, `The store already has goods named ${name}`);

export interface GoodsBody {
  nodeId: number;
  name: string;
  description?: string;
  photoFileId?: string | null;
  pricePoints: number;
  monthlyLimit?: number | null;
  onShelf?: boolean;
}

export async function listGoods(ctx: AppContext, principal: Principal, nodeId: number): Promise<GoodsView[]> {
  const node = await loadNode(ctx.db, nodeId);
  assertCan(principal, 'points.manage', node.path);
  const rows = await ctx.db.select(goodsFields).from(storeGoods).innerJoin(orgNodes, eq(orgNodes.id, storeGoods.nodeId)).where(eq(storeGoods.nodeId, nodeId)).orderBy(storeGoods.name);
  return rows.map(present);
}

export async function createGoods(ctx: AppContext, principal: Principal, actor: ActorContext, body: GoodsBody): Promise<GoodsView> {
  const node = await loadNode(ctx.db, body.nodeId);
  assertCan(principal, 'points.manage', node.path);
  const name = body.name.trim();
  const photos = await checkAttachable(ctx.db, { userId: principal.userId }, body.photoFileId ? [body.photoFileId] : []);
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(storeGoods)
        .values({
          nodeId: body.nodeId,
          name,
          description: body.description?.trim() ?? '',
          photoFileId: photos[0] ?? null,
          pricePoints: body.pricePoints,
          monthlyLimit: body.monthlyLimit ?? null,
          onShelf: body.onShelf ?? true,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: storeGoods.id });
      await attachFiles(tx, photos, { type: GOODS_FILE_TYPE, id: row!.id, orgNodeId: body.nodeId });
      await recordAudit(tx, actor, now, { action: 'store.goods_create', objectType: 'store_goods', objectId: row!.id, orgNodeId: body.nodeId, details: { name, pricePoints: body.pricePoints } });
      return row!.id;
    });
    return present((await goodsRow(ctx.db, id))!);
  } catch (err) {
    if (violatedUniqueIndex(err) === 'store_goods_node_name_key') throw nameTaken(name);
    throw err;
  }
}

export type GoodsPatch = Partial<Omit<GoodsBody, 'nodeId'>>;

export async function updateGoods(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: GoodsPatch): Promise<GoodsView> {
  const goods = await managedGoods(ctx.db, principal, id);
  const photos = body.photoFileId ? await checkAttachable(ctx.db, { userId: principal.userId }, [body.photoFileId], { type: GOODS_FILE_TYPE, id }) : [];
  const now = ctx.clock.now();
  const name = body.name?.trim();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(storeGoods)
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(body.description !== undefined ? { description: body.description.trim() } : {}),
          ...(body.photoFileId !== undefined ? { photoFileId: photos[0] ?? null } : {}),
          ...(body.pricePoints !== undefined ? { pricePoints: body.pricePoints } : {}),
          ...(body.monthlyLimit !== undefined ? { monthlyLimit: body.monthlyLimit } : {}),
          ...(body.onShelf !== undefined ? { onShelf: body.onShelf } : {}),
          updatedAt: now,
        })
        .where(eq(storeGoods.id, id));
      if (photos.length) await attachFiles(tx, photos, { type: GOODS_FILE_TYPE, id, orgNodeId: goods.nodeId });
      await recordAudit(tx, actor, now, { action: 'store.goods_update', objectType: 'store_goods', objectId: id, orgNodeId: goods.nodeId, details: { ...body } });
    });
  } catch (err) {
    if (violatedUniqueIndex(err) === 'store_goods_node_name_key') throw nameTaken(name ?? '');
    throw err;
  }
  return present((await goodsRow(ctx.db, id))!);
}

async function addMovement(
  tx: Tx,
  v: { goodsId: number; kind: StockMovementKind; quantity: number; counted?: number; expected?: number; redemptionId?: number; reason?: string | null; createdBy: number | null },
  now: Date,
) {
  await tx.insert(stockMovements).values({
    goodsId: v.goodsId,
    kind: v.kind,
    quantity: v.quantity,
    counted: v.counted ?? null,
    expected: v.expected ?? null,
    redemptionId: v.redemptionId ?? null,
    reason: v.reason ?? null,
    createdBy: v.createdBy,
    createdAt: now,
  });
}

/** Goods came in (入库). */
export async function receiveStock(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: { quantity: number; reason?: string }): Promise<GoodsView> {
  const goods = await managedGoods(ctx.db, principal, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(storeGoods).set({ stock: sql`${storeGoods.stock} + ${body.quantity}`, updatedAt: now }).where(eq(storeGoods.id, id));
    await addMovement(tx, { goodsId: id, kind: 'receipt', quantity: body.quantity, reason: body.reason?.trim() || null, createdBy: actor.userId }, now);
    await recordAudit(tx, actor, now, { action: 'store.stock_receipt', objectType: 'store_goods', objectId: id, orgNodeId: goods.nodeId, details: { quantity: body.quantity } });
  });
  return present((await goodsRow(ctx.db, id))!);
}

export interface StocktakeResult {
  goodsId: number;
  /** What the stock ledger said (the sum of movements). */
  expected: number;
  counted: number;
  /** counted − expected, posted as a stocktake movement. */
  difference: number;
  stock: number;
}

/** 盘点: the count against the ledger; the difference is posted with the reason and the stock is then the count. */
export async function stocktake(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: { counted: number; reason: string }): Promise<StocktakeResult> {
  const goods = await managedGoods(ctx.db, principal, id);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ stock: storeGoods.stock }).from(storeGoods).where(eq(storeGoods.id, id)).for('update');
    const [ledger] = await queryRows<{ total: number }>(tx, sql`select coalesce(sum(quantity), 0)::int as total from stock_movements where goods_id = ${id}`);
    const expected = ledger?.total ?? 0;
    if (expected !== locked!.stock) throw new Error(`store_goods ${id}: cached stock ${locked!.stock} differs from its ledger ${expected}`);
    const difference = body.counted - expected;
    await addMovement(tx, { goodsId: id, kind: 'stocktake', quantity: difference, counted: body.counted, expected, reason: body.reason.trim(), createdBy: actor.userId }, now);
    await tx.update(storeGoods).set({ stock: body.counted, updatedAt: now }).where(eq(storeGoods.id, id));
    await recordAudit(tx, actor, now, { action: 'store.stocktake', objectType: 'store_goods', objectId: id, orgNodeId: goods.nodeId, details: { expected, counted: body.counted, difference } });
    return { goodsId: id, expected, counted: body.counted, difference, stock: body.counted };
  });
}

export interface MovementView {
  id: number;
  kind: StockMovementKind;
  quantity: number;
  counted: number | null;
  expected: number | null;
  redemptionId: number | null;
  reason: string | null;
  createdAt: string;
}

export async function listMovements(ctx: AppContext, principal: Principal, id: number, limit: number, offset: number): Promise<{ goods: GoodsView; items: MovementView[] }> {
  const goods = await managedGoods(ctx.db, principal, id);
  const items = await ctx.db
    .select({
      id: stockMovements.id,
      kind: stockMovements.kind,
      quantity: stockMovements.quantity,
      counted: stockMovements.counted,
      expected: stockMovements.expected,
      redemptionId: stockMovements.redemptionId,
      reason: stockMovements.reason,
      createdAt: stockMovements.createdAt,
    })
    .from(stockMovements)
    .where(eq(stockMovements.goodsId, id))
    .orderBy(desc(stockMovements.id))
    .limit(limit)
    .offset(offset);
  return { goods: present(goods), items: items.map((i) => ({ ...i, createdAt: toShanghaiIso(i.createdAt) })) };
}

// ——— Residents: the store at or above where they live, redemption and their redemptions ———

/** Goods on the shelf of the stores at or above the volunteer's node. */
export async function myGoods(ctx: AppContext, principal: Principal): Promise<GoodsView[]> {
  const v = await myVolunteer(ctx.db, principal);
  const rows = await ctx.db
    .select(goodsFields)
    .from(storeGoods)
    .innerJoin(orgNodes, eq(orgNodes.id, storeGoods.nodeId))
    .where(and(eq(storeGoods.onShelf, true), sql`${orgNodes.path} @> ${v.path}::ltree`))
    .orderBy(storeGoods.pricePoints, storeGoods.name);
  return rows.map(present);
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The start of the China calendar month of `now`. */
export function chinaMonthStart(now: Date): Date {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - CHINA_OFFSET_MS);
}

export const outOfStock = (stock: number) => errors.conflict('out_of_stock', `库存不足（剩余 ${stock}）`, `Not enough stock (${stock} left)`, { stock });

function newPickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export interface RedemptionView {
  id: number;
  goodsId: number;
  goodsName: string;
  nodeId: number;
  nodeName: string;
  volunteerId: number;
  volunteerName: string;
  quantity: number;
  points: number;
  status: RedemptionStatus;
  /** Shown to the volunteer and to staff while open; null once handed over or cancelled. */
  pickupCode: string | null;
  createdAt: string;
  handedOverAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

async function redemptionRows(db: DbOrTx, where: SQL, limit = 200, offset = 0) {
  return db
    .select({
      id: storeRedemptions.id,
      goodsId: storeRedemptions.goodsId,
      goodsName: storeGoods.name,
      nodeId: storeRedemptions.nodeId,
      nodeName: orgNodes.name,
      path: orgNodes.path,
      volunteerId: storeRedemptions.volunteerId,
      volunteerName: volunteers.name,
      quantity: storeRedemptions.quantity,
      points: storeRedemptions.points,
      status: storeRedemptions.status,
      pickupCode: storeRedemptions.pickupCode,
      createdAt: storeRedemptions.createdAt,
      handedOverAt: storeRedemptions.handedOverAt,
      cancelledAt: storeRedemptions.cancelledAt,
      cancelReason: storeRedemptions.cancelReason,
    })
    .from(storeRedemptions)
    .innerJoin(storeGoods, eq(storeGoods.id, storeRedemptions.goodsId))
    .innerJoin(orgNodes, eq(orgNodes.id, storeRedemptions.nodeId))
    .innerJoin(volunteers, eq(volunteers.id, storeRedemptions.volunteerId))
    .where(where)
    .orderBy(desc(storeRedemptions.id))
    .limit(limit)
    .offset(offset);
}

type RedemptionRow = Awaited<ReturnType<typeof redemptionRows>>[number];

function presentRedemption(r: RedemptionRow): RedemptionView {
  return {
    id: r.id,
    goodsId: r.goodsId,
    goodsName: r.goodsName,
    nodeId: r.nodeId,
    nodeName: r.nodeName,
    volunteerId: r.volunteerId,
    volunteerName: r.volunteerName,
    quantity: r.quantity,
    points: r.points,
    status: r.status,
    pickupCode: r.status === 'open' ? r.pickupCode : null,
    createdAt: toShanghaiIso(r.createdAt),
    handedOverAt: r.handedOverAt ? toShanghaiIso(r.handedOverAt) : null,
    cancelledAt: r.cancelledAt ? toShanghaiIso(r.cancelledAt) : null,
    cancelReason: r.cancelReason,
  };
}

/**
 * A volunteer redeems goods: in one transaction, their account locked, the monthly limit checked, the stock taken
 * by a conditional update, the points posted to the store and a pickup code issued (retried under a savepoint in
 * the rare case the code is taken by another open redemption).
 */
export async function redeemFor(ctx: Pick<AppContext, 'db'>, v: VolunteerRef, goodsId: number, quantity: number, now: Date): Promise<number> {
  const goods = await goodsRow(ctx.db, goodsId);
  // Goods of another community's store do not exist for this volunteer.
  if (!goods || !(v.path === goods.path || v.path.startsWith(`${goods.path}.`))) throw errors.notFound();
  return ctx.db.transaction(async (tx) => {
    const account = await lockVolunteerAccount(tx, v.id, now);
    const [g] = await tx.select({ onShelf: storeGoods.onShelf, price: storeGoods.pricePoints, limit: storeGoods.monthlyLimit, stock: storeGoods.stock }).from(storeGoods).where(eq(storeGoods.id, goodsId));
    if (!g!.onShelf) throw errors.conflict('goods_off_shelf', '该商品已下架', 'These goods are off the shelf');
    const points = g!.price * quantity;
    if (g!.limit != null) {
      const [used] = await queryRows<{ n: number }>(
        tx,
        sql`select coalesce(sum(quantity), 0)::int as n from store_redemptions
            where volunteer_id = ${v.id} and goods_id = ${goodsId} and status <> 'cancelled' and created_at >= ${chinaMonthStart(now).toISOString()}`,
      );
      const n = used?.n ?? 0;
      if (n + quantity > g!.limit)
        throw errors.conflict('monthly_limit_reached', `每人每月限兑 ${g!.limit} 件，本月已兑 ${n} 件`, `At most ${g!.limit} a month per person; ${n} redeemed this month`, { limit: g!.limit, used: n });
    }
    if (account.balance < points) throw errors.conflict('insufficient_points', `积分不足：现有 ${account.balance} 分，需要 ${points} 分`, `Not enough points: ${account.balance} available, ${points} needed`, { balance: account.balance, needed: points });
    const taken = await tx
      .update(storeGoods)
      .set({ stock: sql`${storeGoods.stock} - ${quantity}` })
      .where(and(eq(storeGoods.id, goodsId), sql`${storeGoods.stock} >= ${quantity}`))
      .returning({ stock: storeGoods.stock });
    if (taken.length === 0) {
      const [now2] = await tx.select({ stock: storeGoods.stock }).from(storeGoods).where(eq(storeGoods.id, goodsId));
      throw outOfStock(now2?.stock ?? 0);
    }
    let redemptionId: number | null = null;
    for (let attempt = 0; redemptionId === null; attempt++) {
      try {
        redemptionId = await tx.transaction(async (sp) => {
          const [row] = await sp
            .insert(storeRedemptions)
            .values({ goodsId, nodeId: goods.nodeId, volunteerId: v.id, quantity, points, pickupCode: newPickupCode(), createdAt: now })
            .returning({ id: storeRedemptions.id });
          return row!.id;
        });
      } catch (err) {
        if (attempt < 5 && violatedUniqueIndex(err) === 'store_redemptions_open_code_key') continue;
        throw err;
      }
    }
    await addMovement(tx, { goodsId, kind: 'redemption', quantity: -quantity, redemptionId, createdBy: null }, now);
    await post(tx, account, { kind: 'redemption', volunteerId: v.id, nodeId: goods.nodeId, points: -points, redemptionId, reason: `兑换 ${goods.name} × ${quantity}` }, now);
    return redemptionId;
  });
}

export async function redeem(ctx: AppContext, principal: Principal, body: { goodsId: number; quantity: number }): Promise<RedemptionView> {
  const v = await myVolunteer(ctx.db, principal);
  const id = await redeemFor(ctx, v, body.goodsId, body.quantity, ctx.clock.now());
  const [row] = await redemptionRows(ctx.db, eq(storeRedemptions.id, id));
  return presentRedemption(row!);
}

export async function myRedemptions(ctx: AppContext, principal: Principal, limit: number, offset: number): Promise<{ items: RedemptionView[] }> {
  const v = await myVolunteer(ctx.db, principal);
  const rows = await redemptionRows(ctx.db, eq(storeRedemptions.volunteerId, v.id), limit, offset);
  return { items: rows.map((r) => presentRedemption(r)) };
}

/** Redemptions at stores in the caller's `points.manage` reach, or at one node (404/403 refusals). */
export async function listRedemptions(
  ctx: AppContext,
  principal: Principal,
  q: { nodeId?: number; status?: RedemptionStatus; volunteerId?: number; limit: number; offset: number },
): Promise<{ items: RedemptionView[] }> {
  let where: SQL;
  if (q.nodeId !== undefined) {
    const node = await loadNode(ctx.db, q.nodeId);
    assertCan(principal, 'points.manage', node.path);
    where = sql`${orgNodes.path} <@ ${node.path}::ltree`;
  } else where = inSubtrees(orgNodes.path, scopePaths(principal, 'points.manage'));
  const conds = [where];
  if (q.status) conds.push(eq(storeRedemptions.status, q.status));
  if (q.volunteerId) conds.push(eq(storeRedemptions.volunteerId, q.volunteerId));
  const rows = await redemptionRows(ctx.db, and(...conds)!, q.limit, q.offset);
  return { items: rows.map((r) => presentRedemption(r)) };
}

const notOpen = () => errors.conflict('redemption_not_open', '该兑换单已领取或已取消', 'This redemption was already handed over or cancelled');
const unknownCode = () => errors.notFound(undefined, { zh: '没有与该取货码对应的待领取兑换', en: 'No open redemption has this pickup code' });

/** Staff hand goods over by the pickup code (typed or scanned), at a store in their `points.manage` reach. */
export async function handOver(ctx: AppContext, principal: Principal, actor: ActorContext, code: string): Promise<RedemptionView> {
  const now = ctx.clock.now();
  const [found] = await redemptionRows(ctx.db, and(eq(storeRedemptions.pickupCode, code), eq(storeRedemptions.status, 'open'))!, 1);
  if (!found || !scopePaths(principal, 'points.manage').some((s) => found.path === s || found.path.startsWith(`${s}.`))) throw unknownCode();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(storeRedemptions)
      .set({ status: 'handed_over', handedOverAt: now, handedOverBy: actor.userId })
      .where(and(eq(storeRedemptions.id, found.id), eq(storeRedemptions.status, 'open')))
      .returning({ id: storeRedemptions.id });
    if (done.length === 0) throw notOpen();
    await recordAudit(tx, actor, now, { action: 'store.hand_over', objectType: 'store_redemption', objectId: found.id, orgNodeId: found.nodeId });
  });
  const [row] = await redemptionRows(ctx.db, eq(storeRedemptions.id, found.id));
  return presentRedemption(row!);
}

/** Cancel an open redemption: points and stock come back as new rows, in one transaction. */
export async function cancelRedemptionTx(ctx: Pick<AppContext, 'db'>, id: number, by: number | null, reason: string, now: Date, audit?: ActorContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(storeRedemptions).where(eq(storeRedemptions.id, id));
    if (!r) throw errors.notFound();
    const account = await lockVolunteerAccount(tx, r.volunteerId, now);
    const done = await tx
      .update(storeRedemptions)
      .set({ status: 'cancelled', cancelledAt: now, cancelledBy: by, cancelReason: reason })
      .where(and(eq(storeRedemptions.id, id), eq(storeRedemptions.status, 'open')))
      .returning({ id: storeRedemptions.id });
    if (done.length === 0) throw notOpen();
    await tx.update(storeGoods).set({ stock: sql`${storeGoods.stock} + ${r.quantity}` }).where(eq(storeGoods.id, r.goodsId));
    await addMovement(tx, { goodsId: r.goodsId, kind: 'cancellation', quantity: r.quantity, redemptionId: id, reason, createdBy: by }, now);
    await post(tx, account, { kind: 'refund', volunteerId: r.volunteerId, nodeId: r.nodeId, points: r.points, redemptionId: id, reason, createdBy: by }, now);
    if (audit) await recordAudit(tx, audit, now, { action: 'store.redemption_cancel', objectType: 'store_redemption', objectId: id, orgNodeId: r.nodeId, details: { reason } });
  });
}

export async function cancelByStaff(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, reason: string): Promise<RedemptionView> {
  const [found] = await redemptionRows(ctx.db, eq(storeRedemptions.id, id), 1);
  if (!found) throw errors.notFound();
  assertCan(principal, 'points.manage', found.path);
  const now = ctx.clock.now();
  await cancelRedemptionTx(ctx, id, actor.userId, reason.trim(), now, actor);
  const [row] = await redemptionRows(ctx.db, eq(storeRedemptions.id, id));
  return presentRedemption(row!);
}

export async function cancelMine(ctx: AppContext, principal: Principal, id: number): Promise<RedemptionView> {
  const v = await myVolunteer(ctx.db, principal);
  const [found] = await redemptionRows(ctx.db, and(eq(storeRedemptions.id, id), eq(storeRedemptions.volunteerId, v.id))!, 1);
  if (!found) throw errors.notFound();
  await cancelRedemptionTx(ctx, id, principal.userId, '本人取消', ctx.clock.now());
  const [row] = await redemptionRows(ctx.db, eq(storeRedemptions.id, id));
  return presentRedemption(row!);
}
