import { Type, type Static } from 'typebox';
import { Id } from '../../platform/schema.js';

const DATE_DOC = 'A day (2026-03-02, a whole day in China time) or an instant (2026-03-02T09:00:00+08:00; no zone means China time)';

export const AuditQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'Entries at this org node or below it' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'e.g. role.grant, person.view_full' })),
    actorId: Type.Optional(Id()),
    objectType: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Type.String({ maxLength: 40, description: `From (inclusive). ${DATE_DOC}` })),
    to: Type.Optional(Type.String({ maxLength: 40, description: `To (inclusive). ${DATE_DOC}` })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), displayName: Type.String() })]),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.Null(), Type.String()]),
  objectLabel: Type.Union([Type.Null(), Type.String()], {
    description: "The object's name or number today (a request's number, a user's or a room's name); null when it has none",
  }),
  orgNodeId: Type.Union([Type.Null(), Type.Integer()]),
  orgNodeName: Type.Union([Type.Null(), Type.String()]),
  ip: Type.Union([Type.Null(), Type.String()]),
  details: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]),
});
export type AuditItem = Static<typeof AuditItem>;

export const AuditList = Type.Object({
  items: Type.Array(AuditItem),
  total: Type.Integer({ description: 'Matching entries, counted up to totalCap' }),
  totalCapped: Type.Boolean({ description: 'true when more entries match than were counted; narrow the filter to see an exact total' }),
});
