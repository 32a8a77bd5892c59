import { Type, type Static } from 'typebox';
import { REQUEST_STATUSES } from '../../../db/schema/requests.js';
import { HOME_SERVICE_KINDS } from '../../../db/schema/services.js';
import { Id, Instant, Limit, Nullable, Offset, RequiredText, Text } from '../../../platform/schema.js';

export const HomeRequestBody = Type.Object(
  {
    itemId: Id({ description: 'The service item (its modes must include the kind)' }),
    kind: Type.Enum(HOME_SERVICE_KINDS, { description: 'at_home 上门办 or on_behalf 帮办代办' }),
    forPersonId: Type.Optional(Id({ description: 'A registry person it is for (staff or grid worker with registry.read over them)' })),
    content: RequiredText(1000, { description: 'What is needed, when someone is at home …' }),
    phone: Type.Optional(Text(20, { description: 'Contact phone (default: the account’s or the person’s)' })),
    address: Type.Optional(Text(200, { description: 'Where to go (default: the person’s address)' })),
  },
  { additionalProperties: false },
);
export type HomeRequestBody = Static<typeof HomeRequestBody>;

export const HomeListQuery = Type.Object(
  {
    scope: Type.Optional(Type.Enum(['mine', 'all'] as const, { description: 'mine: asked by me or for me; all: my services.read subtree (default for staff)' })),
    status: Type.Optional(Type.Enum(REQUEST_STATUSES)),
    limit: Limit(200, 50),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export type HomeListQuery = Static<typeof HomeListQuery>;

const homeRowProps = {
  requestId: Type.Integer(),
  number: Type.String(),
  status: Type.Enum(REQUEST_STATUSES),
  title: Type.String(),
  kind: Type.Enum(HOME_SERVICE_KINDS),
  item: Type.Object({ id: Type.Integer(), name: Type.String(), timeLimitDays: Type.Integer() }),
  forPersonName: Nullable(Type.String({ description: 'Masked in lists' })),
  reporterName: Nullable(Type.String({ description: 'Masked in lists' })),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  receivedAt: Instant(),
  responseDueAt: Instant(),
  resolutionDueAt: Instant(),
  deadlineEstimated: Type.Boolean(),
  overdue: Type.Boolean(),
  mine: Type.Boolean({ description: 'Asked by me or for me' }),
};
export const HomeRow = Type.Object(homeRowProps);
export const HomeList = Type.Object({ scope: Type.Enum(['mine', 'all'] as const), total: Type.Integer(), items: Type.Array(HomeRow) });
export const HomeDetail = Type.Object({
  ...homeRowProps,
  content: Type.String(),
  address: Nullable(Type.String()),
  reporterPhone: Nullable(Type.String({ description: 'Masked' })),
  resolvedAt: Nullable(Instant()),
  closedAt: Nullable(Instant()),
});
