import { REQUEST_CHANNELS, REQUEST_PRIORITIES, type RequestChannel, type RequestPriority } from '../../../db/schema/requests.js';
import type { Principal } from '../../../platform/access.js';
import { loadWorkCalendar } from '../../../platform/calendar.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import { pinyinKeys } from '../../../platform/pinyin.js';
import { limitRowsFor, findUsableCategory } from '../config/repo.js';
import { computeDeadlines, Deadlines, pickLimits } from '../deadlines/compute.js';
import { resolvePlace, type Place } from '../core/location.js';
import { pathIds } from '../core/notify.js';
import { canSubmitAt, USER_CHANNELS } from '../core/policy.js';
import { findNode, userContact, type NewRequestRow } from '../core/repo.js';
import { checkPhotos } from '../core/step.js';

export interface SystemSubmitter {
  system: true;
  /** Shown on the timeline and in the audit log, e.g. "12345 热线导入", "Open311: 某某 App". */
  name: string;
  /** The node the partner key or the importing office is tied to; requests are filed in its subtree. */
  orgNodeId: number;
}

export interface SubmitRequestInput {
  channel: RequestChannel;
  /** What happened, in the reporter's words (2–2000 characters). */
  content: string;
  /** Short title; the start of the content when omitted. */
  title?: string | null;
  /** A leaf category, by id or by code (the Open311 service code); none lets the dispatcher pick. */
  categoryId?: number | null;
  categoryCode?: string | null;
  priority?: RequestPriority;
  /** Where: a building, a node, a map point (WGS-84/GCJ-02 as the map gives it) — see requests/core/location.ts. */
  location?: {
    lng?: number | null;
    lat?: number | null;
    buildingNodeId?: number | null;
    orgNodeId?: number | null;
    address?: string | null;
  };
  /** File ids from POST /api/v1/files, at most 9. */
  photoIds?: string[];
  /** The person the request is for, when someone else files it (staff on a phone call, hotline, Open311). */
  reporter?: { name?: string | null; phone?: string | null };
  /** The hotline work-order number or the partner's own id; unique per channel. */
  externalRef?: string | null;
  /** When the request was originally received (hotline orders imported later); default now. */
  receivedAt?: Date | null;
}


/**
 * Turning a submission into a request row: validation with readable messages, the place, the reporter, the
 * category and the deadlines. Pure reads; the caller inserts in its transaction.
 */
export interface Intake {
  row: Omit<NewRequestRow, 'id' | 'number'>;
  now: Date;
  nodePath: string;
}

const SYSTEM_CHANNELS: readonly RequestChannel[] = ['hotline', 'open311'];
/** Channels where the person filing is the reporter (and is asked at follow-up). */
const SELF_REPORTED: readonly RequestChannel[] = ['resident', 'building_leader', 'mobile_grid_worker'];
const MAX_BACKDATE_MS = 366 * 86_400_000;

const bad = (code: string, zh: string, en: string, details?: unknown) => errors.badRequest(code, zh, en, details);

/** "<full> <initials>" (张三 → "zhangsan zs"): one trigram-indexed column serves full, prefix and initials search. */
export function pinyinSearchKey(name: string): string {
  const keys = pinyinKeys(name);
  return `${keys.full} ${keys.initials}`;
}

export function cleanText(value: string | null | undefined, max: number): string | null {
  const t = value?.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, max) : null;
}

/** Mainland mobiles and landlines with area code, with or without +86, spaces and dashes. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (phone == null || phone.trim() === '') return null;
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (!/^(1\d{10}|0\d{9,11}|\d{5,8})$/.test(digits)) {
    throw bad('phone_invalid', `电话号码“${phone}”格式不正确`, `The phone number "${phone}" is not valid`, { field: 'reporter.phone' });
  }
  return digits;
}

function checkContent(input: SubmitRequestInput): { content: string; title: string } {
  const content = input.content?.trim() ?? '';
  if (content.length < 2 || content.length > 2000) {
    throw bad('content_invalid', '诉求内容应为 2 到 2000 个字', 'The content must be 2 to 2000 characters', {
      field: 'content',
      length: content.length,
    });
  }
  const title = cleanText(input.title, 60) ?? cleanText(content.split(/\n/)[0], 30)!;
  return { content, title };
}

function checkPoint(location: SubmitRequestInput['location']): void {
  const lng = location?.lng ?? null;
  const lat = location?.lat ?? null;
  if (
    (lng === null) !== (lat === null) ||
    (lng !== null && (!Number.isFinite(lng) || Math.abs(lng) > 180 || !Number.isFinite(lat) || Math.abs(lat!) > 90))
  ) {
    throw bad(
      'location_invalid',
      '位置坐标无效：经度和纬度需同时提供且在有效范围内',
      'Invalid point: give both longitude and latitude, within range',
      {
        field: 'location',
      },
    );
  }
}

function checkChannel(by: Principal | SystemSubmitter, channel: RequestChannel): void {
  if (!REQUEST_CHANNELS.includes(channel)) throw bad('channel_invalid', '来源渠道无效', 'Unknown channel', { channel });
  const allowed = 'system' in by ? SYSTEM_CHANNELS : USER_CHANNELS;
  if (!allowed.includes(channel)) {
    throw bad(
      'channel_not_allowed',
      `不能通过该渠道（${channel}）登记诉求`,
      `Requests cannot be filed through the ${channel} channel here`,
      {
        channel,
        allowed,
      },
    );
  }
}

function checkReceivedAt(input: SubmitRequestInput, now: Date): Date {
  if (!input.receivedAt) return now;
  if (input.channel === 'resident') {
    throw bad('received_at_not_allowed', '居民上报不能指定受理时间', 'A resident report cannot set its own time received');
  }
  const t = input.receivedAt.getTime();
  if (!Number.isFinite(t) || t > now.getTime() + 60_000 || t < now.getTime() - MAX_BACKDATE_MS) {
    throw bad(
      'received_at_invalid',
      '受理时间不能晚于现在，也不能早于一年前',
      'The time received cannot be in the future or more than a year ago',
      {
        field: 'receivedAt',
      },
    );
  }
  return input.receivedAt;
}

function assertMaySubmit(by: Principal | SystemSubmitter, channel: RequestChannel, place: Place): void {
  if ('system' in by || canSubmitAt(by, channel, place.node.path)) return;
  throw new AppError(
    403,
    'request_location_out_of_scope',
    {
      zh: `您不能在“${place.node.name}”登记此类诉求${place.how === 'point' ? '（地图上的位置不在您的辖区内）' : ''}`,
      en: `You cannot file this kind of request at ${place.node.name}${place.how === 'point' ? ' (the point on the map is outside your area)' : ''}`,
    },
    { nodeId: place.node.id, channel },
  );
}

async function categoryFor(ctx: AppContext, ids: number[], input: SubmitRequestInput) {
  if (input.categoryId == null && !input.categoryCode) return null;
  const by = input.categoryId != null ? { id: input.categoryId } : { code: input.categoryCode!.trim() };
  const found = await findUsableCategory(ctx.db, ids, by);
  if (!found || !found.category.active) {
    throw bad('category_unknown', '诉求分类不存在或已停用', 'The category does not exist or is no longer in use', by);
  }
  if (found.hasChildren) {
    throw bad(
      'category_not_leaf',
      `“${found.category.name}”是大类，请选择其下的具体分类`,
      `"${found.category.nameEn}" is a group; pick one of its categories`,
      by,
    );
  }
  return found.category;
}

async function reporterFor(ctx: AppContext, by: Principal | SystemSubmitter, input: SubmitRequestInput) {
  if (!('system' in by) && SELF_REPORTED.includes(input.channel)) {
    const me = await userContact(ctx.db, by.userId);
    return { userId: by.userId, name: me?.displayName ?? by.displayName, phone: me?.mobile ?? null };
  }
  const name = cleanText(input.reporter?.name, 50);
  const phone = normalizePhone(input.reporter?.phone);
  if (input.channel === 'staff' && !name && !phone) {
    throw bad('reporter_required', '代为登记时请填写群众的姓名或电话', 'When filing for someone, give their name or phone number', {
      field: 'reporter',
    });
  }
  return { userId: null, name, phone };
}

export async function buildIntake(ctx: AppContext, by: Principal | SystemSubmitter, input: SubmitRequestInput): Promise<Intake> {
  const now = ctx.clock.now();
  checkChannel(by, input.channel);
  const { content, title } = checkContent(input);
  const receivedAt = checkReceivedAt(input, now);
  const priority = input.priority ?? 'ordinary';
  if (!REQUEST_PRIORITIES.includes(priority)) throw bad('priority_invalid', '紧急程度无效', 'Unknown priority', { priority });

  let submitter: Parameters<typeof resolvePlace>[1];
  if ('system' in by) {
    const home = await findNode(ctx.db, by.orgNodeId);
    if (!home) throw errors.notFound();
    submitter = { systemPath: home.path, systemNodeId: home.id };
  } else {
    submitter = { principal: by };
  }
  checkPoint(input.location);
  const place = await resolvePlace(ctx.db, submitter, input.location ?? {});
  assertMaySubmit(by, input.channel, place);
  const ids = pathIds(place.node.path);
  const category = await categoryFor(ctx, ids, input);
  const photoIds = await checkPhotos(ctx.db, 'system' in by ? { systemPath: place.node.path } : by, input.photoIds);
  const reporter = await reporterFor(ctx, by, input);
  const [limitRows, calendar] = await Promise.all([
    limitRowsFor(ctx.db, ids, priority, category?.id ?? null, category?.parentId ?? null),
    loadWorkCalendar(ctx.db, place.node.id),
  ]);
  const deadlines = computeDeadlines(new Deadlines(calendar), receivedAt, pickLimits(limitRows, priority), input.channel);
  const userId = 'system' in by ? null : by.userId;
  return {
    now,
    nodePath: place.node.path,
    row: {
      channel: input.channel,
      externalRef: cleanText(input.externalRef, 100),
      categoryId: category?.id ?? null,
      priority,
      status: 'submitted',
      title,
      content,
      orgNodeId: place.node.id,
      buildingNodeId: place.buildingNodeId,
      address: cleanText(input.location?.address, 200),
      lng: input.location?.lng ?? null,
      lat: input.location?.lat ?? null,
      photoIds,
      reporterUserId: reporter.userId,
      reporterName: reporter.name,
      reporterNamePinyin: reporter.name ? pinyinSearchKey(reporter.name) : null,
      reporterPhone: reporter.phone,
      createdBy: userId,
      receivedAt,
      responseDueAt: deadlines.responseDueAt,
      resolutionDueAt: deadlines.resolutionDueAt,
      limitClock: deadlines.limitClock,
      deadlineEstimated: deadlines.estimated,
      reminderAt: deadlines.reminderAt,
      nextEscalationAt: deadlines.resolutionDueAt,
      // A grid worker's patrol report is made on the spot: it is its own response.
      respondedAt: input.channel === 'patrol' ? receivedAt : null,
      createdAt: now,
      updatedAt: now,
    },
  };
}
