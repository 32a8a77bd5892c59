import { and, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES, requests, type RequestStatus } from '../../../db/schema/requests.js';
import { assertVisible, inSubtrees, isUnder, minimalPaths, scopePaths, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { roleDefinition, roleHas } from '../../../platform/roles.js';
import { assertCanSee, canSee, canViewContact } from './policy.js';
import { policyView, presentExtension, presentRequest, presentTimeline, timelineTargetIds } from './present.js';
import * as repo from './repo.js';

/**
 * Reading requests: one request with its timeline, and the lists each kind of user works from. Every list is
 * filtered in SQL by the caller's reach (org subtrees per permission, or their own relation to the request).
 */
export interface Page {
  limit?: number;
  offset?: number;
}

async function detail(ctx: AppContext, p: Principal, view: repo.RequestView) {
  const [events, extensions] = await Promise.all([repo.eventsOf(ctx.db, view.request.id), repo.extensionsOf(ctx.db, view.request.id)]);
  const { userIds, nodeIds } = timelineTargetIds(events);
  const names = await repo.namesOf(ctx.db, userIds, nodeIds);
  return {
    ...presentRequest(p, view, ctx.clock.now()),
    timeline: presentTimeline(p, view, events, names),
    extensions: extensions.map((e) => presentExtension(e.extension, e.requestedByName)),
  };
}

/** Photos of a request (its own and its timeline's) are for whoever may see the request (platform/attachments). */
export async function maySeeRequestFiles(ctx: AppContext, p: Principal, id: string): Promise<boolean> {
  const view = await repo.findView(ctx.db, Number(id));
  return view !== undefined && canSee(p, policyView(view));
}

export async function getRequest(ctx: AppContext, p: Principal, id: number) {
  const view = await repo.findView(ctx.db, id);
  if (!view) throw errors.notFound();
  assertCanSee(p, policyView(view));
  return detail(ctx, p, view);
}

/**
 * The request as it stands after the caller's own step. No sight check: a transfer to another community or a
 * unit handing work back may take the request out of the caller's reach, and they still get the result.
 */
export async function requestAfterStep(ctx: AppContext, p: Principal, id: number) {
  const view = await repo.findView(ctx.db, id);
  if (!view) throw errors.notFound();
  return detail(ctx, p, view);
}

async function page(ctx: AppContext, p: Principal, where: SQL, query: Page, order: repo.ListOrder) {
  const { items, total } = await repo.listViews(ctx.db, where, { limit: query.limit ?? 20, offset: query.offset ?? 0, order });
  const now = ctx.clock.now();
  return { items: items.map((v) => presentRequest(p, v, now)), total };
}

const OPEN = [...OPEN_STATUSES] as RequestStatus[];
const inNodes = (paths: string[]) => inSubtrees(repo.viewColumns.nodePath, paths);

/** Statuses chosen by the caller, or the default set. */
function statusFilter(statuses: RequestStatus[] | undefined, fallback: RequestStatus[]): SQL {
  return inArray(requests.status, statuses?.length ? statuses : fallback);
}

/** A resident's own reports, and those a building leader or staff member entered. */
export async function listMine(ctx: AppContext, p: Principal, query: Page & { status?: RequestStatus[] }) {
  const mine = or(eq(requests.reporterUserId, p.userId), eq(requests.createdBy, p.userId))!;
  const where = query.status?.length ? and(mine, statusFilter(query.status, []))! : mine;
  return page(ctx, p, where, query, 'received_desc');
}

/** Units (departments, partner units) where the caller handles requests: roles held only at department nodes. */
function unitPaths(p: Principal): string[] {
  const atUnits = (role: string) => roleDefinition(role)?.nodeKinds.every((k) => k === 'department') ?? false;
  return minimalPaths(p.roles.filter((r) => roleHas(r.role, 'requests.handle') && atUnits(r.role)).map((r) => r.path));
}

/** Work dispatched to the caller, or to their unit and not yet taken by anyone there. */
export async function listTasks(ctx: AppContext, p: Principal, query: Page & { status?: RequestStatus[] }) {
  const units = unitPaths(p);
  const forMe = eq(requests.assigneeUserId, p.userId);
  const forMyUnit = units.length ? and(isNull(requests.assigneeUserId), inSubtrees(repo.viewColumns.unitPath, units)) : undefined;
  const where = and(forMyUnit ? or(forMe, forMyUnit) : forMe, statusFilter(query.status, ['dispatched', 'in_progress']))!;
  return page(ctx, p, where, query, 'resolution_due_asc');
}

/**
 * Narrow the caller's subtrees to one node's (404 if they cannot see it): the node's whole subtree when it lies
 * inside one of them, else those of them that lie inside it.
 */
async function narrowTo(ctx: AppContext, p: Principal, paths: string[], nodeId: number | undefined): Promise<string[]> {
  if (nodeId === undefined) return paths;
  const node = await repo.findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  assertVisible(p, node.path);
  if (paths.some((scope) => isUnder(node.path, scope))) return [node.path];
  return paths.filter((scope) => isUnder(scope, node.path));
}

/** New and accepted requests waiting to be dispatched, oldest first (or most "me too" first). */
export async function listInbox(
  ctx: AppContext,
  p: Principal,
  query: Page & { nodeId?: number; status?: RequestStatus[]; sort?: 'received' | 'me_too' },
) {
  const paths = await narrowTo(ctx, p, scopePaths(p, 'requests.dispatch'), query.nodeId);
  const where = and(inNodes(paths), statusFilter(query.status, ['submitted', 'accepted']))!;
  return page(ctx, p, where, query, query.sort === 'me_too' ? 'me_too_desc' : 'received_asc');
}

function boardPaths(p: Principal): string[] {
  return minimalPaths([...scopePaths(p, 'requests.dispatch'), ...scopePaths(p, 'requests.supervise')]);
}

/** Open requests past a deadline (response or resolution) in the caller's reach, most overdue first. */
export async function listOverdue(ctx: AppContext, p: Principal, query: Page & { nodeId?: number }) {
  const paths = await narrowTo(ctx, p, boardPaths(p), query.nodeId);
  const now = ctx.clock.now();
  const late = or(lt(requests.resolutionDueAt, now), and(isNull(requests.respondedAt), lt(requests.responseDueAt, now)))!;
  return page(ctx, p, and(inNodes(paths), inArray(requests.status, OPEN), late)!, query, 'resolution_due_asc');
}

/** Requests escalated (督办) to a node in the caller's supervision; open ones unless asked for all. */
export async function listEscalated(ctx: AppContext, p: Principal, query: Page & { includeClosed?: boolean }) {
  const paths = scopePaths(p, 'requests.supervise');
  const escalatedHere = sql`exists (select 1 from request_escalations e join org_nodes en on en.id = e.org_node_id
    where e.request_id = ${requests.id} and ${inSubtrees(sql`en.path`, paths)})`;
  const where = query.includeClosed ? escalatedHere : and(escalatedHere, inArray(requests.status, OPEN))!;
  return page(ctx, p, where, query, 'resolution_due_asc');
}

/** The reporter's full name and phone: audited with the reason given (PIPL). */
export async function viewContact(ctx: AppContext, p: Principal, actor: ActorContext, id: number, reason: string) {
  const view = await repo.findView(ctx.db, id);
  if (!view) throw errors.notFound();
  const pv = policyView(view);
  assertCanSee(p, pv);
  if (!canViewContact(p, pv)) throw errors.forbidden();
  const why = reason.trim();
  if (why.length < 2)
    throw errors.badRequest('reason_required', '请说明查看联系方式的原因', 'Say why you need the contact details', { field: 'reason' });
  await recordAudit(ctx.db, actor, ctx.clock.now(), {
    action: 'request.contact_view',
    objectType: 'request',
    objectId: id,
    orgNodeId: view.request.orgNodeId,
    details: { reason: why, number: view.request.number },
  });
  const r = view.request;
  return { name: r.reporterName, phone: r.reporterPhone, userId: r.reporterUserId };
}
