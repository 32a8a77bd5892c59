import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { orgNodes } from '../../../db/schema/org.js';
import { persons } from '../../../db/schema/registry.js';
import { requests } from '../../../db/schema/requests.js';
import { homeServiceRequests, serviceItems, type HomeServiceKind } from '../../../db/schema/services.js';
import { users } from '../../../db/schema/users.js';
import { assertCan, can, inSubtrees, scopePaths, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { maskMobile, maskName } from '../../../platform/masking.js';
import { submitRequest, type SubmitRequestInput } from '../../requests/intake/service.js';
import { loadItem, loadNode } from '../guide/items.repo.js';
import { offeredAt } from '../guide/public.service.js';
import type { HomeListQuery, HomeRequestBody } from './home.schema.js';

/**
 * Home service 上门办 and 帮办代办 (docs/adr/0027). Asking for an item to be done at home or for someone files a
 * request through the requests module's intake (`submitRequest`): its deadlines on the working calendar, the
 * dispatchers' notice, dispatch to the grid worker, follow-up — all the closed loop of 接诉即办. The request's
 * category is 便民服务 › 帮办代办 (`errand`); `home_service_requests` tags it with the item, written in the intake's
 * transaction (`afterInsert`). A resident asks for themselves (channel resident, at their home); staff or a grid
 * worker asks for a registry person (channel staff; registry.read over the person's place and requests.intake).
 */

export const HOME_CATEGORY_CODE = 'errand';
const KIND_LABEL: Record<HomeServiceKind, string> = { at_home: '上门办', on_behalf: '帮办代办' };

const bad = (code: string, zh: string, en: string, details?: unknown) => errors.badRequest(code, zh, en, details);

export async function requestHomeService(ctx: AppContext, p: Principal, actor: ActorContext, body: HomeRequestBody) {
  const item = await loadItem(ctx.db, body.itemId);
  if (!item || !item.item.active) throw errors.notFound();
  if (!item.item.modes.includes(body.kind)) {
    throw bad('home_service_mode_unavailable', `“${item.item.name}”不提供${KIND_LABEL[body.kind]}`, `"${item.item.name}" is not offered as ${body.kind}`, { kind: body.kind });
  }
  let input: SubmitRequestInput;
  let placePath: string;
  let forPersonId: number | null = null;
  const title = `${KIND_LABEL[body.kind]}：${item.item.name}`.slice(0, 60);
  if (body.forPersonId != null) {
    const [person] = await ctx.db.select().from(persons).where(eq(persons.id, body.forPersonId));
    const placeId = person?.gridId ?? person?.communityId;
    const place = placeId != null ? await loadNode(ctx.db, placeId) : undefined;
    if (!person || !place) throw errors.notFound();
    assertCan(p, 'registry.read', place.path);
    forPersonId = person.id;
    placePath = place.path;
    input = {
      channel: 'staff',
      title,
      content: body.content.trim(),
      categoryCode: HOME_CATEGORY_CODE,
      location: { orgNodeId: place.id, address: body.address?.trim() || person.registeredAddress || null },
      reporter: { name: person.name, phone: body.phone?.trim() || person.mobile || null },
    };
  } else {
    const [me] = await ctx.db.select({ homeNodeId: users.homeNodeId, mobile: users.mobile }).from(users).where(eq(users.id, p.userId));
    const [mine] = await ctx.db.select({ gridId: persons.gridId, communityId: persons.communityId }).from(persons).where(eq(persons.userId, p.userId)).limit(1);
    const place = await loadNode(ctx.db, mine?.gridId ?? mine?.communityId ?? me!.homeNodeId);
    if (!place) throw errors.notFound();
    placePath = place.path;
    const phone = body.phone?.trim();
    // A resident's own report carries the account's phone; another number is written into the content for the handler.
    const content = phone && phone !== me?.mobile ? `${body.content.trim()}\n联系电话：${phone}` : body.content.trim();
    input = { channel: 'resident', title, content, categoryCode: HOME_CATEGORY_CODE, location: { orgNodeId: place.id, address: body.address?.trim() || null } };
  }
  if (!offeredAt(item.nodePath, placePath)) {
    throw bad('home_service_item_elsewhere', '该事项不属于所在社区的办事指南', "The item is not in the guide of the person's community", { itemId: item.item.id });
  }
  const submitted = await submitRequest(ctx, p, input, {
    actor,
    afterInsert: async (tx, row) => {
      await tx.insert(homeServiceRequests).values({ requestId: row.id, itemId: item.item.id, kind: body.kind, forPersonId, requestedBy: p.userId, createdAt: row.receivedAt });
      await recordAudit(tx, actor, row.receivedAt, {
        action: 'services.home_request',
        objectType: 'request',
        objectId: row.id,
        orgNodeId: row.orgNodeId,
        details: { itemId: item.item.id, kind: body.kind, forPersonId },
      });
    },
  });
  return homeRequest(ctx, p, submitted.id);
}

const columns = {
  home: homeServiceRequests,
  request: {
    id: requests.id,
    number: requests.number,
    status: requests.status,
    title: requests.title,
    content: requests.content,
    address: requests.address,
    reporterName: requests.reporterName,
    reporterPhone: requests.reporterPhone,
    reporterUserId: requests.reporterUserId,
    orgNodeId: requests.orgNodeId,
    receivedAt: requests.receivedAt,
    responseDueAt: requests.responseDueAt,
    resolutionDueAt: requests.resolutionDueAt,
    deadlineEstimated: requests.deadlineEstimated,
    resolvedAt: requests.resolvedAt,
    closedAt: requests.closedAt,
  },
  item: { id: serviceItems.id, name: serviceItems.name, timeLimitDays: serviceItems.timeLimitDays },
  nodeName: orgNodes.name,
  nodePath: sql<string>`${orgNodes.path}::text`,
  personName: persons.name,
  personUserId: persons.userId,
};

const base = (db: AppContext['db']) =>
  db
    .select(columns)
    .from(homeServiceRequests)
    .innerJoin(requests, eq(requests.id, homeServiceRequests.requestId))
    .innerJoin(serviceItems, eq(serviceItems.id, homeServiceRequests.itemId))
    .innerJoin(orgNodes, eq(orgNodes.id, requests.orgNodeId))
    .leftJoin(persons, eq(persons.id, homeServiceRequests.forPersonId));

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

const isMine = (p: Principal, r: Row) => r.home.requestedBy === p.userId || r.request.reporterUserId === p.userId || r.personUserId === p.userId;
const mineCondition = (p: Principal): SQL => or(eq(homeServiceRequests.requestedBy, p.userId), eq(requests.reporterUserId, p.userId), eq(persons.userId, p.userId))!;
const OPEN = ['submitted', 'accepted', 'dispatched', 'in_progress'];

function rowView(ctx: AppContext, p: Principal, r: Row, full: boolean) {
  const name = (n: string | null) => (full ? n : maskName(n));
  return {
    requestId: r.request.id,
    number: r.request.number,
    status: r.request.status,
    title: r.request.title,
    kind: r.home.kind,
    item: r.item,
    forPersonName: name(r.personName),
    reporterName: name(r.request.reporterName),
    nodeId: r.request.orgNodeId,
    nodeName: r.nodeName,
    receivedAt: r.request.receivedAt.toISOString(),
    responseDueAt: r.request.responseDueAt.toISOString(),
    resolutionDueAt: r.request.resolutionDueAt.toISOString(),
    deadlineEstimated: r.request.deadlineEstimated,
    overdue: OPEN.includes(r.request.status) && r.request.resolutionDueAt.getTime() < ctx.clock.now().getTime(),
    mine: isMine(p, r),
  };
}

export async function listHomeRequests(ctx: AppContext, p: Principal, q: HomeListQuery) {
  const paths = scopePaths(p, 'services.read');
  const scope = q.scope ?? (paths.length > 0 ? 'all' : 'mine');
  const where: SQL[] = [scope === 'all' ? inSubtrees(orgNodes.path, paths) : mineCondition(p)];
  if (q.status) where.push(eq(requests.status, q.status));
  const rows = await base(ctx.db)
    .where(and(...where))
    .orderBy(desc(requests.receivedAt), desc(requests.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(homeServiceRequests)
    .innerJoin(requests, eq(requests.id, homeServiceRequests.requestId))
    .innerJoin(orgNodes, eq(orgNodes.id, requests.orgNodeId))
    .leftJoin(persons, eq(persons.id, homeServiceRequests.forPersonId))
    .where(and(...where));
  return { scope, total: Number(total?.n ?? 0), items: rows.map((r) => rowView(ctx, p, r, false)) };
}

/** One home-service request: for whoever asked or it is for, and staff with services.read or requests.read there. */
export async function homeRequest(ctx: AppContext, p: Principal, requestId: number) {
  const [r] = await base(ctx.db).where(eq(homeServiceRequests.requestId, requestId));
  if (!r) throw errors.notFound();
  const staff = can(p, 'services.read', r.nodePath) || can(p, 'requests.read', r.nodePath);
  if (!staff && !isMine(p, r)) throw errors.notFound();
  return {
    ...rowView(ctx, p, r, true),
    content: r.request.content,
    address: r.request.address,
    reporterPhone: maskMobile(r.request.reporterPhone),
    resolvedAt: r.request.resolvedAt?.toISOString() ?? null,
    closedAt: r.request.closedAt?.toISOString() ?? null,
  };
}
