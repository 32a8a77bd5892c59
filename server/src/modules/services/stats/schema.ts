import { Type, type Static } from 'typebox';
import { Day, Id, Nullable } from '../../../platform/schema.js';

export const ServiceStatsQuery = Type.Object(
  {
    nodeId: Id({ description: 'Any node in the caller’s reach: a community, a town, a county …' }),
    from: Type.Optional(Day({ description: 'Default: the first day of `to`’s month, five months back' })),
    to: Type.Optional(Day({ description: 'Default: today (Asia/Shanghai)' })),
  },
  { additionalProperties: false },
);
export type ServiceStatsQuery = Static<typeof ServiceStatsQuery>;

const Figures = {
  visits: Type.Integer({ description: 'Queue tickets served to the end (done) in the period' }),
  walkIns: Type.Integer({ description: 'Of the visits: walk-in tickets (kiosk, staff, phone)' }),
  byAppointment: Type.Integer({ description: 'Of the visits: tickets of checked-in appointments' }),
  skipped: Type.Integer({ description: 'Tickets called and not answered (no_show)' }),
  avgWaitMinutes: Nullable(Type.Number({ description: 'From taking the ticket (or the slot’s start) to the first call, one decimal' })),
  p90WaitMinutes: Nullable(Type.Number({ description: '90th percentile of the same wait' })),
  avgServiceMinutes: Nullable(Type.Number({ description: 'From the call (or start of serving) to done' })),
  ratings: Type.Integer(),
  satisfied: Type.Integer({ description: 'Ratings 满意 or 非常满意 (levels 4–5)' }),
  satisfactionRate: Nullable(Type.Number({ description: 'satisfied ÷ ratings, 0–1, three decimals' })),
  bad: Type.Integer({ description: 'Ratings 不满意 or 非常不满意 (levels 1–2)' }),
  appointments: Type.Integer({ description: 'Appointments whose slot fell in the period, waiting-list entries and cancelled ones left out' }),
  kept: Type.Integer({ description: 'Of them: checked in or served' }),
  noShows: Type.Integer({ description: 'Of them: no-shows' }),
  cancelled: Type.Integer({ description: 'Appointments cancelled whose slot fell in the period' }),
  homeRequests: Type.Integer({ description: 'Home-service and 帮办代办 requests filed in the period' }),
  workshopDone: Type.Integer({ description: 'Convenience-workshop orders done in the period' }),
};
const FigureSet = Type.Object(Figures);

export const ServiceStats = Type.Object({
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  totals: Type.Intersect([FigureSet, Type.Object({ ratingLevels: Type.Array(Type.Integer(), { description: 'Count per level 1…5', minItems: 5, maxItems: 5 }), badUnanswered: Type.Integer({ description: 'Bad ratings still waiting for an answer (now)' }) })]),
  months: Type.Array(Type.Intersect([Type.Object({ month: Type.String({ description: 'YYYY-MM' }) }), FigureSet])),
  children: Type.Array(
    Type.Intersect([Type.Object({ nodeId: Nullable(Type.Integer()), nodeName: Type.String({ description: 'The child node, or the node itself for what is recorded there' }) }), FigureSet]),
  ),
});
export type ServiceStats = Static<typeof ServiceStats>;
