import { randomUUID } from 'node:crypto';
import { isUnder } from '../../platform/access.js';
import type { ActorContext } from '../../platform/audit.js';
import { toShanghaiIso } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { OPEN_STATUSES, type RequestStatus } from '../../db/schema/requests.js';
import { maskAddress } from '../../platform/masking.js';
import { parseBound } from '../audit/audit.service.js';
import { submitRequest } from '../requests/intake/service.js';
import { STATUS_LABELS } from '../requests/workflow/transitions.js';
import { leafCategoriesAt } from '../requests/suggest/repo.js';
import { findApiKey, type ApiKeyHolder } from './open311.keys.js';
import * as repo from './open311.repo.js';
import type { PostRequestBody, RequestsQuery, ServiceRequest } from './open311.schema.js';

/** When this API's service list and behaviour last changed (discovery's changeset). */
export const OPEN311_CHANGESET = '2026-03-01T00:00:00+08:00';
/** The spec's default and our maximum: at most 1000 requests, over at most 90 days. */
export const MAX_REQUESTS = 1000;
const MAX_SPAN_MS = 90 * 86_400_000;
const CLOSED_STATUSES: readonly RequestStatus[] = ['resolved', 'closed', 'merged', 'rejected'];

const fail = (status: number, code: string, zh: string, en: string) => new AppError(status, code, { zh, en });
const pathIds = (path: string) => path.split('.').map(Number);

export function discovery(baseUrl: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: '连心平台 · 所在旗县区党群服务中心 / Lianxin, the county party-mass service center',
    key_service: '向旗县区或街道管理员申请 API key（控制台 · Open311 密钥）/ Ask a county or town admin for an API key',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: OPEN311_CHANGESET,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

async function requireKey(ctx: AppContext, apiKey: string | undefined): Promise<ApiKeyHolder> {
  if (!apiKey) throw fail(403, 'open311_key_missing', '缺少 api_key：查询和提交诉求需要合作方密钥', 'api_key was not provided: reading and filing service requests needs a partner key');
  const key = await findApiKey(ctx.db, apiKey);
  if (!key) throw fail(403, 'open311_key_invalid', 'api_key 无效或已停用', 'api_key is invalid or revoked');
  return key;
}

/** The node a jurisdiction_id names; with a key, it must lie in the key's subtree (403 otherwise). */
async function jurisdiction(ctx: AppContext, jurisdictionId: string, key?: ApiKeyHolder): Promise<repo.JurisdictionNode> {
  const node = await repo.findJurisdiction(ctx.db, jurisdictionId);
  if (!node) throw fail(404, 'open311_jurisdiction_not_found', `找不到 jurisdiction_id“${jurisdictionId}”`, `jurisdiction_id "${jurisdictionId}" was not found`);
  if (key && !isUnder(node.path, key.nodePath)) {
    throw fail(403, 'open311_jurisdiction_forbidden', `该 api_key 不能用于“${node.name}”`, `This api_key may not be used for jurisdiction "${jurisdictionId}"`);
  }
  return node;
}

async function services(ctx: AppContext, jurisdictionId: string | undefined) {
  const node = jurisdictionId === undefined ? null : await jurisdiction(ctx, jurisdictionId);
  return leafCategoriesAt(ctx.db, node ? pathIds(node.path) : []);
}

/** Every leaf category in use at the jurisdiction (the defaults without one) is a realtime service. */
export async function listServices(ctx: AppContext, jurisdictionId: string | undefined) {
  return (await services(ctx, jurisdictionId)).map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.nameEn,
    metadata: false,
    type: 'realtime',
    keywords: c.keywords.join(','),
    group: c.parentName ?? '',
  }));
}

const serviceNotFound = (code: string) => fail(404, 'open311_service_not_found', `找不到服务代码“${code}”`, `service_code "${code}" was not found`);

export async function serviceDefinition(ctx: AppContext, code: string, jurisdictionId: string | undefined) {
  const found = (await services(ctx, jurisdictionId)).find((c) => c.code === code);
  if (!found) throw serviceNotFound(code);
  // No service asks for extra attributes: everything a dispatcher needs is in the description and the location.
  return { service_code: found.code, attributes: [] };
}

const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/** The non-personal view of a request; what the partner itself filed also shows its text and outcome. */
export function presentRequest(row: repo.Open311Row): ServiceRequest {
  const open = (OPEN_STATUSES as readonly string[]).includes(row.status);
  const own = Boolean(row.filedByKey);
  const notes =
    row.status === 'merged' && row.mergedIntoNumber
      ? `${STATUS_LABELS.merged.zh}：并入 ${row.mergedIntoNumber}`
      : own && row.result
        ? `${STATUS_LABELS[row.status].zh}：${row.result}`
        : STATUS_LABELS[row.status].zh;
  return {
    service_request_id: row.number,
    status: open ? 'open' : 'closed',
    status_notes: notes,
    service_name: row.categoryName,
    service_code: row.categoryCode,
    description: own ? row.content : null,
    agency_responsible: row.assigneeNodeName ?? row.nodeName,
    service_notice: open ? `办结时限 ${toShanghaiIso(row.resolutionDueAt)}` : null,
    requested_datetime: toShanghaiIso(row.receivedAt),
    updated_datetime: toShanghaiIso(row.updatedAt),
    expected_datetime: toShanghaiIso(row.resolutionDueAt),
    address: own ? row.address : maskAddress(row.address),
    address_id: null,
    zipcode: null,
    lat: round3(row.lat),
    long: round3(row.lng),
    media_url: null,
  };
}

function list(text: string | undefined, max: number, name: string): string[] | undefined {
  if (text === undefined) return undefined;
  const items = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  if (items.length === 0 || items.length > max) {
    throw fail(400, 'open311_bad_list', `${name} 应为 1 到 ${max} 个以逗号分隔的值`, `${name} must be 1 to ${max} comma-separated values`);
  }
  return items;
}

function statusesOf(text: string | undefined): readonly RequestStatus[] | undefined {
  const wanted = list(text, 2, 'status');
  if (!wanted) return undefined;
  if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw fail(400, 'open311_bad_status', 'status 只能是 open 或 closed', 'status must be open or closed');
  return wanted.length === 2 ? undefined : wanted[0] === 'open' ? OPEN_STATUSES : CLOSED_STATUSES;
}

/** ISO 8601 (a zone is expected; without one, China time) or a day; the platform's parser, with the spec's names. */
function dateParam(text: string, bound: 'from' | 'to', name: string): Date {
  try {
    return parseBound(text, bound);
  } catch {
    throw fail(400, 'open311_bad_date', `${name} 应为 ISO 8601 时间，如 2026-03-02T09:00:00+08:00`, `${name} must be an ISO 8601 time such as 2026-03-02T09:00:00+08:00`);
  }
}

export async function getRequests(ctx: AppContext, query: RequestsQuery) {
  const key = await requireKey(ctx, query.api_key);
  const under = query.jurisdiction_id ? (await jurisdiction(ctx, query.jurisdiction_id, key)).path : key.nodePath;
  const numbers = list(query.service_request_id, 200, 'service_request_id');
  // Without end_date: up to and including now.
  const before = query.end_date ? dateParam(query.end_date, 'to', 'end_date') : new Date(ctx.clock.now().getTime() + 1);
  const from = query.start_date ? dateParam(query.start_date, 'from', 'start_date') : new Date(before.getTime() - MAX_SPAN_MS);
  if (!numbers && (from >= before || before.getTime() - from.getTime() > MAX_SPAN_MS + 1)) {
    throw fail(400, 'open311_bad_dates', 'start_date 须早于 end_date，且相隔不超过 90 天', 'start_date must be before end_date and at most 90 days earlier');
  }
  const rows = await repo.listRequests(ctx.db, {
    underPath: under,
    numbers,
    codes: list(query.service_code, 100, 'service_code'),
    from,
    before,
    statuses: statusesOf(query.status),
    limit: MAX_REQUESTS,
    keyId: key.id,
  });
  return rows.map(presentRequest);
}

export async function getRequest(ctx: AppContext, id: string, query: { api_key?: string; jurisdiction_id?: string }) {
  const key = await requireKey(ctx, query.api_key);
  const under = query.jurisdiction_id ? (await jurisdiction(ctx, query.jurisdiction_id, key)).path : key.nodePath;
  const [row] = await repo.listRequests(ctx.db, { underPath: under, numbers: [id], limit: 1, keyId: key.id });
  if (!row) throw fail(404, 'open311_request_not_found', `找不到诉求“${id}”`, `service_request_id "${id}" was not found`);
  return [presentRequest(row)];
}

export async function getToken(ctx: AppContext, token: string) {
  const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token) ? await repo.findToken(ctx.db, token.toLowerCase()) : undefined;
  if (!found) throw fail(404, 'open311_token_not_found', `找不到 token“${token}”`, `token "${token}" was not found`);
  return [{ service_request_id: found.number, token: found.token }];
}

/** "张" + "三" → 张三; Latin names keep their usual order. */
function reporterName(first: string | undefined, last: string | undefined): string | null {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return null;
  return /\p{Script=Han}/u.test(f + l) ? `${l}${f}` : `${f} ${l}`.trim();
}

/** address_id is a building or unit of the org tree: "n<id>" or its bare id. */
function buildingOf(addressId: string | undefined): number | null {
  if (!addressId) return null;
  const m = /^n?([1-9]\d{0,9})$/.exec(addressId.trim());
  if (!m) throw fail(400, 'open311_bad_address_id', 'address_id 应为楼栋或单元编号（如 n123）', 'address_id must be a building or unit id (e.g. n123)');
  return Number(m[1]);
}

export async function postRequest(ctx: AppContext, body: PostRequestBody, actor: ActorContext) {
  const key = await requireKey(ctx, body.api_key);
  const node = body.jurisdiction_id ? await jurisdiction(ctx, body.jurisdiction_id, key) : null;
  const code = body.service_code?.trim();
  if (!code) throw fail(400, 'open311_service_code_missing', '缺少 service_code', 'service_code was not provided');
  const usable = await leafCategoriesAt(ctx.db, pathIds(node?.path ?? key.nodePath));
  if (!usable.some((c) => c.code === code)) throw serviceNotFound(code);
  if ((body.lat === undefined) !== (body.long === undefined)) {
    throw fail(400, 'open311_location_incomplete', 'lat 和 long 需同时提供', 'lat and long must be given together');
  }
  const buildingNodeId = buildingOf(body.address_id);
  if (body.lat === undefined && !body.address_string?.trim() && buildingNodeId === null) {
    throw fail(400, 'open311_location_missing', '缺少位置：请提供 lat 和 long、address_string 或 address_id', 'A location is required: lat and long, address_string or address_id');
  }
  if (!body.description?.trim()) throw fail(400, 'open311_description_missing', '缺少 description（诉求内容）', 'description was not provided');
  const token = randomUUID();
  const submitted = await submitRequest(
    ctx,
    { system: true, name: `Open311：${key.partnerName}`, orgNodeId: key.orgNodeId },
    {
      channel: 'open311',
      content: body.description,
      categoryCode: code,
      location: { lng: body.long ?? null, lat: body.lat ?? null, address: body.address_string ?? null, orgNodeId: node?.id ?? null, buildingNodeId },
      reporter: { name: reporterName(body.first_name, body.last_name), phone: body.phone ?? null },
    },
    { actor, afterInsert: (tx, row) => repo.insertToken(tx, token, row.id, key.id, ctx.clock.now()) },
  );
  return [
    {
      service_request_id: submitted.number,
      token,
      service_notice: `已受理，办结时限 ${toShanghaiIso(submitted.resolutionDueAt)}`,
      account_id: body.account_id ?? null,
    },
  ];
}
