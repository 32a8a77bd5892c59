import { Type, type Static } from 'typebox';
import { REQUEST_PRIORITIES, REQUEST_STATUSES } from '../../../db/schema/requests.js';
import { Nullable } from '../../../platform/schema.js';
import { filterFields } from './schema.js';

/** The ledger's filters (same scope, same meaning) without its order; the newest points first. */
const { sort: _sort, order: _order, ...pointFilters } = filterFields;

export const PointsQuery = Type.Object(
  {
    ...pointFilters,
    limit: Type.Integer({ minimum: 1, maximum: 2000, default: 1000, description: 'At most this many points, newest first' }),
  },
  { additionalProperties: false },
);
export type PointsQuery = Static<typeof PointsQuery>;

export const PointsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      title: Type.String(),
      status: Type.Enum(REQUEST_STATUSES),
      priority: Type.Enum(REQUEST_PRIORITIES),
      overdue: Type.Boolean({ description: 'Resolved after, or still open past, the resolution deadline' }),
      category: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String() })),
      lng: Type.Number(),
      lat: Type.Number(),
      receivedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  truncated: Type.Boolean({ description: 'More requests with a point match than limit; narrow the filter' }),
  withoutPoint: Type.Integer({ description: 'Matching requests without a map point, counted up to 10,000' }),
});
export type PointsReply = Static<typeof PointsReply>;
