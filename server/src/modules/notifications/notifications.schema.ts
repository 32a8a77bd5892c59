import { Type, type Static } from 'typebox';
import { ROLES } from '../../platform/roles.js';
import { Id } from '../../platform/schema.js';

export const NotificationItem = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'e.g. "announcement"; modules add their own kinds' }),
  title: Type.String(),
  body: Type.String(),
  en: Type.Union([Type.Object({ title: Type.String(), body: Type.String() }), Type.Null()], {
    description: 'The title and body in English when the sender wrote them; null for notices in Chinese only',
  }),
  link: Type.Union([Type.String(), Type.Null()], { description: 'A page path inside the app' }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  unread: Type.Optional(Type.Boolean({ description: 'true: only unread notifications' })),
});
export type ListQuery = Static<typeof ListQuery>;

export const ListReply = Type.Object({
  items: Type.Array(NotificationItem, { description: 'Newest first' }),
  total: Type.Integer({ description: 'How many match the filter' }),
  unread: Type.Integer({ description: 'How many are unread in the whole inbox' }),
});

export const NotificationIdParams = Type.Object({ id: Id() });

export const ReadAllReply = Type.Object({ updated: Type.Integer({ description: 'How many were marked read' }) });

const RoleName = Type.Enum(ROLES.map((r) => r.role));

export const SendBody = Type.Object(
  {
    nodeId: Id({ description: 'Everyone whose home node lies in this subtree receives it' }),
    title: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    body: Type.String({ maxLength: 2000 }),
    roles: Type.Optional(
      Type.Array(RoleName, {
        minItems: 1,
        maxItems: 20,
        uniqueItems: true,
        description: 'Only users holding one of these roles at a node in the subtree',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SendBody = Static<typeof SendBody>;

export const SendReply = Type.Object({ recipients: Type.Integer({ description: 'How many users were notified' }) });

export const StreamReply = {
  description:
    'Server-Sent Events. `event: notification` carries a notification item as JSON with `id:` set to its id; ' +
    'send `Last-Event-ID` on reconnect to receive what was missed. A comment line arrives every 25 s.',
  content: { 'text/event-stream': { schema: Type.String() } },
};
