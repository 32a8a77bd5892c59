import { Type, type Static } from 'typebox';
import { Day, Id, Nullable } from '../../platform/schema.js';

export const VolunteerStatsQuery = Type.Object(
  {
    nodeId: Id({ description: 'Any node in the caller’s reach: a community, a town, a county …' }),
    from: Type.Optional(Day({ description: 'Default: the first day of the month eleven months before `to`' })),
    to: Type.Optional(Day({ description: 'Default: today (Asia/Shanghai)' })),
  },
  { additionalProperties: false },
);
export type VolunteerStatsQuery = Static<typeof VolunteerStatsQuery>;

const Figures = {
  newVolunteers: Type.Integer({ description: 'Registered in the period' }),
  activities: Type.Integer({ description: 'Activities held (started) in the period, cancelled ones left out' }),
  participants: Type.Integer({ description: 'Volunteers with a confirmed hour record in the period' }),
  confirmedHours: Type.Number({ description: 'Confirmed service hours (records and corrections) by service date, one decimal' }),
  wishesRealised: Type.Integer({ description: 'Micro-wishes confirmed as realised in the period' }),
};

export const VolunteerStats = Type.Object({
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  totals: Type.Object({
    volunteers: Type.Integer({ description: 'Active volunteers living in the subtree now' }),
    teams: Type.Integer({ description: 'Teams of the subtree, dissolved ones left out' }),
    openEntries: Type.Integer({ description: 'Hour entries waiting for the organiser or for approval' }),
    ...Figures,
  }),
  months: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), ...Figures })),
  children: Type.Array(
    Type.Object({
      nodeId: Nullable(Type.Integer({ description: 'null: recorded at the node itself' })),
      name: Type.String(),
      volunteers: Type.Integer(),
      activities: Type.Integer(),
      confirmedHours: Type.Number(),
    }),
  ),
});
export type VolunteerStats = Static<typeof VolunteerStats>;
