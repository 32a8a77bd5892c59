import { Type, type Static } from 'typebox';
import { REQUEST_STATUSES } from '../../db/schema/requests.js';
import { Booking } from '../rooms/bookings.schema.js';
import { RequestItem } from '../requests/core/schema.js';
import { Id, Nullable } from '../../platform/schema.js';

export const HomeNodeQuery = Type.Object({ nodeId: Id({ description: 'The org node the console looks at' }) }, { additionalProperties: false });
export type HomeNodeQuery = Static<typeof HomeNodeQuery>;

export const RANK_BY = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;
export const OverviewQuery = Type.Object(
  {
    nodeId: Id({ description: 'A town, county or anything above: its communities are ranked' }),
    rankBy: Type.Enum(RANK_BY, { default: 'satisfactionRate', description: 'Which rate of this month ranks the communities (highest first, no rate last)' }),
  },
  { additionalProperties: false },
);
export type OverviewQuery = Static<typeof OverviewQuery>;

/** The ledger filter a count was computed with: the console opens the ledger with exactly this filter. */
const LedgerLink = Type.Object({
  nodeId: Type.Integer(),
  status: Type.Array(Type.Enum(REQUEST_STATUSES)),
  overdue: Type.Optional(Type.Boolean()),
  escalated: Type.Optional(Type.Boolean()),
  dueOn: Type.Optional(Type.String({ format: 'date' })),
  sort: Type.Literal('deadline'),
});
export type LedgerLink = Static<typeof LedgerLink>;

const Counted = Type.Object({ count: Type.Integer(), ledger: LedgerLink });

const Node = Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() });

export const DeskReply = Type.Object({
  node: Node,
  today: Type.String({ format: 'date' }),
  inbox: Type.Object({
    submitted: Type.Integer({ description: 'Waiting to be accepted: GET /requests/inbox?status=submitted counts the same' }),
    accepted: Type.Integer({ description: 'Accepted, waiting to be dispatched: GET /requests/inbox?status=accepted' }),
  }),
  overdue: Counted,
  dueToday: Counted,
  bookingsPending: Nullable(
    Type.Array(
      Type.Object({ centerId: Type.Integer(), centerName: Type.String(), count: Type.Integer() }),
      { description: 'Per center, what the approvals page lists (pending, today to 61 days on); null without rooms.manage' },
    ),
  ),
});

const Rates = Type.Object({
  received: Type.Integer(),
  followedUp: Type.Integer(),
  responseRate: Nullable(Type.Number()),
  resolutionRate: Nullable(Type.Number()),
  satisfactionRate: Nullable(Type.Number()),
});

export const OverviewReply = Type.Object({
  node: Node,
  months: Type.Object({ current: Type.String(), previous: Type.String() }),
  totals: Type.Object({ current: Rates, previous: Rates }),
  rankBy: Type.Enum(RANK_BY),
  communities: Type.Array(
    Type.Object({
      node: Type.Object({ id: Type.Integer(), name: Type.String(), parentName: Nullable(Type.String()) }),
      rank: Type.Integer({ description: '1 = best by rankBy this month; communities without a rate share the last rank' }),
      overdue: Counted,
      escalated: Counted,
      current: Rates,
      previous: Rates,
    }),
  ),
  truncated: Type.Boolean({ description: 'More communities than are listed (a city or region: open a county)' }),
});

const HourSpan = Type.Object({ opens: Type.String(), closes: Type.String() });

export const MineReply = Type.Object({
  community: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  center: Nullable(
    Type.Object({ id: Type.Integer(), name: Type.String(), phone: Nullable(Type.String()), address: Nullable(Type.String()) }),
  ),
  today: Type.String({ format: 'date' }),
  hallToday: Nullable(
    Type.Object({
      open: Type.Boolean(),
      hours: Type.Array(HourSpan),
      holiday: Nullable(Type.Object({ name: Nullable(Type.String()) })),
    }),
  ),
  requests: Type.Object({ items: Type.Array(RequestItem), total: Type.Integer({ description: 'My open requests' }) }),
  bookings: Type.Array(Booking, { description: 'My coming bookings (pending or confirmed), soonest first' }),
  tasks: Nullable(Type.Object({ items: Type.Array(RequestItem), total: Type.Integer() }, { description: 'For handlers: my tasks, soonest deadline first' })),
});
