import { Type, type Static } from 'typebox';
import { REQUEST_CHANNELS, REQUEST_PRIORITIES, REQUEST_STATUSES, SATISFACTION } from '../../../db/schema/requests.js';
import { Day, Id } from '../../../platform/schema.js';

const DATE_DOC = 'A day (2026-03-02, a whole day in China time) or an instant (2026-03-02T09:00:00+08:00; no zone means China time)';

export const LEDGER_SORTS = ['received', 'deadline', 'status'] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];


/** The filters shared by the ledger list and its export. */
export const filterFields = {
  nodeId: Type.Optional(Id({ description: 'Requests filed at this org node or below it' })),
  categoryId: Type.Optional(Id({ description: 'This category and its sub-categories' })),
  status: Type.Optional(Type.Array(Type.Enum(REQUEST_STATUSES), { maxItems: REQUEST_STATUSES.length, description: 'Any of these statuses' })),
  channel: Type.Optional(Type.Array(Type.Enum(REQUEST_CHANNELS), { maxItems: REQUEST_CHANNELS.length, description: 'Any of these channels' })),
  priority: Type.Optional(Type.Array(Type.Enum(REQUEST_PRIORITIES), { maxItems: REQUEST_PRIORITIES.length })),
  from: Type.Optional(Type.String({ maxLength: 40, description: `Received from (inclusive). ${DATE_DOC}` })),
  to: Type.Optional(Type.String({ maxLength: 40, description: `Received until (inclusive). ${DATE_DOC}` })),
  overdue: Type.Optional(Type.Boolean({ description: 'Only requests past their resolution deadline (true) or only those within it (false)' })),
  escalated: Type.Optional(Type.Boolean({ description: 'Only requests escalated (督办) at least once (true) or never (false)' })),
  dueOn: Type.Optional(Day({ description: 'Only requests whose resolution deadline falls on this day (China time)' })),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Keyword: request number, words of the title/content/address; Latin letters also match the pinyin of the reporter’s name (full, prefix or initials)',
    }),
  ),
  sort: Type.Enum(LEDGER_SORTS, { default: 'received', description: 'received (newest first), deadline (soonest first) or status (workflow order)' }),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'Defaults: received desc, deadline asc, status asc' })),
};

export const LedgerQuery = Type.Object(
  {
    ...filterFields,
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0, description: 'For page jumps within the first 10,000 rows; go further with cursor' }),
    cursor: Type.Optional(Type.String({ maxLength: 300, description: 'nextCursor of the previous page (keyset paging, any depth)' })),
  },
  { additionalProperties: false },
);
export type LedgerQuery = Static<typeof LedgerQuery>;

export const LedgerExportBody = Type.Object(filterFields, { additionalProperties: false });
export type LedgerExportBody = Static<typeof LedgerExportBody>;
export type LedgerFilterInput = LedgerExportBody;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const LedgerItem = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  priority: Type.String(),
  title: Type.String(),
  content: Type.String(),
  category: Nullable(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      parentName: Nullable(Type.String()),
      parentNameEn: Nullable(Type.String()),
    }),
  ),
  orgNode: Type.Object({ id: Type.Integer(), name: Type.String() }),
  address: Nullable(Type.String()),
  reporterName: Nullable(Type.String({ description: 'Masked' })),
  reporterPhone: Nullable(Type.String({ description: 'Masked' })),
  assigneeUser: Nullable(
    Type.Object({ id: Type.Integer(), displayName: Type.String() }, { description: '承办人: who resolved it (from the timeline), else the person it is assigned to' }),
  ),
  assigneeNode: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  receivedAt: Instant,
  responseDueAt: Instant,
  resolutionDueAt: Instant,
  respondedAt: Nullable(Instant),
  resolvedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  result: Nullable(Type.String({ description: 'The note of the latest resolution (办理结果)' })),
  followUp: Nullable(
    Type.Object({
      at: Nullable(Instant),
      solved: Nullable(Type.Boolean()),
      satisfaction: Nullable(Type.Enum(SATISFACTION)),
      noReply: Type.Boolean(),
    }),
  ),
  escalated: Type.Boolean(),
  overdue: Type.Boolean({ description: 'Resolved after, or still open past, the resolution deadline' }),
  deadlineEstimated: Type.Boolean({
    description: "A deadline was counted over a year whose national holiday schedule is not entered yet (预计): it may move",
  }),
});
export type LedgerItem = Static<typeof LedgerItem>;

export const LedgerPage = Type.Object({
  items: Type.Array(LedgerItem),
  total: Type.Integer({ description: 'Matching requests, counted up to 10,000' }),
  totalCapped: Type.Boolean({ description: 'true when more than 10,000 match; narrow the filter for an exact total' }),
  nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page' })),
});

export const ExportIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const TaskStatus = Type.Enum(['running', 'done', 'failed'] as const);

export const LedgerExportReply = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: TaskStatus,
  rowsDone: Type.Integer(),
  rowsTotal: Type.Integer(),
  createdAt: Instant,
  finishedAt: Nullable(Instant),
  fileName: Type.String(),
  error: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })),
});
export type LedgerExportReply = Static<typeof LedgerExportReply>;

export const XlsxFile = {
  description: 'The .xlsx workbook',
  content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.String({ format: 'binary' }) } },
};
