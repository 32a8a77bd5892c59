/**
 * Intake of requests 诉求 — THE way a request enters Lianxin, whatever the channel.
 *
 *   submitRequest(ctx, by, input, opts?) → Promise<SubmittedRequest>
 *
 * - `by` is either a signed-in `Principal` (resident pages, staff console, grid workers' phones) or a
 *   `SystemSubmitter` `{ system: true, name, orgNodeId }` for machines filing on someone's behalf: the Open311
 *   endpoint (the partner key's node) and the 12345 hotline import (the importing office's node). A system
 *   submitter only files under its node's subtree and only through the channels 'hotline' and 'open311'.
 * - `input` (SubmitRequestInput below) is validated here as well as by the route schemas, so callers that are not
 *   HTTP routes (import rows) get the same 400 errors with zh/en messages: content 2–2000 characters, at most 9
 *   photos the submitter may use, a leaf category usable at the node (by id, or by code = Open311 service code),
 *   a place the submitter may file at, `receivedAt` no later than now and at most 366 days back (not for residents),
 *   `externalRef` unique per channel: a repeat — also one racing in at the same moment — is 409 `request_duplicate`
 *   with `details.requestId` of the request filed first (an import reports that row as skipped).
 * - One transaction: the request row, the 'submit' timeline event, the audit row, the rate counters and a notice to
 *   the dispatchers of the node (delivered live after commit). Deadlines are computed on the node's working
 *   calendar (`deadlineEstimated` when the holiday data does not cover the year — see requests/deadlines/compute.ts).
 * - `opts.actor` (ip, user agent) goes to the audit row; default: the principal without ip, or the system.
 *   `opts.afterInsert(tx, row)` runs in the same transaction right after the insert (Open311 tokens).
 * - Returns `SubmittedRequest` (id, number, status, node, deadlines); the reporter's name is stored with its
 *   pinyin as "<full> <initials>" (张三 → "zhangsan zs") for the ledger's search.
 * - Permissions: requests.intake (staff, grid workers, building leaders, mobile grid workers), requests.read (lists,
 *   ledger), requests.dispatch, requests.handle, requests.supervise, requests.configure — see platform/roles.ts.
 *
 * Self-resolving on the spot (自办自结) is `selfResolveRequest` (requests/intake/selfResolve.ts); every later step is in
 * requests/workflow/steps.ts, requests/followup/service.ts and requests/workflow/extensions.ts.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import type { RequestPriority } from '../../../db/schema/requests.js';
import { requests } from '../../../db/schema/requests.js';
import type { Principal } from '../../../platform/access.js';
import type { ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { pgErrorCode } from '../../org/org.service.js';
import { buildIntake, type Intake, type SubmitRequestInput, type SystemSubmitter } from './submission.js';
import { requestAfterStep } from '../core/read.js';
import { dispatchersOf, noticeTo } from '../core/notify.js';
import { allocateRequestIds, insertRequest, type RequestRow } from '../core/repo.js';
import { recordStep, SYSTEM_ACTOR } from '../core/step.js';


export type { SubmitRequestInput, SystemSubmitter };

export interface SubmittedRequest {
  id: number;
  number: string;
  status: RequestRow['status'];
  orgNodeId: number;
  categoryId: number | null;
  priority: RequestPriority;
  receivedAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  deadlineEstimated: boolean;
}

export function isSystem(by: Principal | SystemSubmitter): by is SystemSubmitter {
  return (by as SystemSubmitter).system === true;
}

export interface SubmitOptions {
  /** ip and user agent for the audit row; default: the principal without them, or the system. */
  actor?: ActorContext;
  /** Runs inside the intake transaction after the row is written (Open311 writes its token there). */
  afterInsert?: (tx: Tx, request: RequestRow) => Promise<void>;
}

export async function submitRequest(
  ctx: AppContext,
  by: Principal | SystemSubmitter,
  input: SubmitRequestInput,
  opts: SubmitOptions = {},
): Promise<SubmittedRequest> {
  const intake = await buildIntake(ctx, by, input);
  const auditActor = opts.actor ?? (isSystem(by) ? SYSTEM_ACTOR : { userId: by.userId, ip: null, userAgent: null });
  const findDuplicate = async () => {
    if (!intake.row.externalRef) return undefined;
    const [existing] = await ctx.db
      .select({ id: requests.id })
      .from(requests)
      .where(and(eq(requests.channel, intake.row.channel), eq(requests.externalRef, intake.row.externalRef)));
    return existing;
  };
  const earlier = await findDuplicate();
  if (earlier) throw duplicate(earlier.id);
  const row = await ctx.db
    .transaction(async (tx) => {
      const saved = await insertIntake(tx, intake);
      await recordStep(tx, {
        before: null,
        after: saved,
        action: 'submit',
        actor: auditActor,
        now: intake.now,
        photoIds: saved.photoIds,
        data: {
          channel: saved.channel,
          ...(isSystem(by) ? { system: by.name } : {}),
          ...(saved.deadlineEstimated ? { deadlineEstimated: true } : {}),
        },
      });
      await noticeTo(
        tx,
        intake.now,
        saved,
        await dispatchersOf(tx, intake.nodePath),
        {
          kind: 'request.submitted',
          title: `新诉求 ${saved.number}`,
          body: saved.title,
          en: { title: `New request ${saved.number}`, body: saved.title },
          audience: 'staff',
        },
        auditActor.userId,
      );
      if (opts.afterInsert) await opts.afterInsert(tx, saved);
      return saved;
    })
    .catch(async (err: unknown) => {
      // Two imports of the same work order at once: the unique key lets one in; the other is told which.
      const raced = pgErrorCode(err) === '23505' ? await findDuplicate() : undefined;
      throw raced ? duplicate(raced.id) : err;
    });
  outboxDispatcherOf(ctx).kick();
  return summarize(row);
}

export function duplicate(requestId: number) {
  return errors.conflict('request_duplicate', '该工单编号已登记过', 'A request with this external reference was already filed', {
    requestId,
  });
}

/** Allocate the id and write the number with it. */
export async function insertIntake(tx: Tx, intake: Intake): Promise<RequestRow> {
  const [id] = await allocateRequestIds(tx, 1);
  const saved = await insertRequest(tx, { ...intake.row, id: id!, number: requestNumber(id!, intake.row.receivedAt) });
  return saved;
}

/** "LX" + the China date received + the id, zero-padded to 7 digits. */
export function requestNumber(id: number, receivedAt: Date): string {
  const day = new Date(receivedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `LX${day}${String(id).padStart(7, '0')}`;
}

export function summarize(row: RequestRow): SubmittedRequest {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    orgNodeId: row.orgNodeId,
    categoryId: row.categoryId,
    priority: row.priority,
    receivedAt: row.receivedAt,
    responseDueAt: row.responseDueAt,
    resolutionDueAt: row.resolutionDueAt,
    deadlineEstimated: row.deadlineEstimated,
  };
}

/** The submit route: the intake above, answered with the new request as the submitter sees it. */
export async function submitFromPage(
  ctx: AppContext,
  p: Principal,
  actor: ActorContext,
  body: Omit<SubmitRequestInput, 'receivedAt'> & { receivedAt?: string | null },
) {
  const { receivedAt, ...rest } = body;
  const submitted = await submitRequest(ctx, p, { ...rest, receivedAt: receivedAt ? new Date(receivedAt) : null }, { actor });
  return requestAfterStep(ctx, p, submitted.id);
}
