import { Type, type Static } from 'typebox';

/** The national holiday schedule (全国节假日安排) per year: read by everyone, entered by region admins. */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Year = Type.Integer({ minimum: 1990, maximum: 2200, description: 'Calendar year, e.g. 2027' });
export const YearParams = Type.Object({ year: Year });
export type YearParams = Static<typeof YearParams>;

export const SpecialDayKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')], {
  description: 'holiday: a day off (放假); workday: a make-up workday on a weekend (调休上班)',
});

export const SpecialDayItem = Type.Object({
  date: Type.String({ format: 'date' }),
  kind: SpecialDayKind,
  name: Type.String({ description: 'The holiday, in Chinese (元旦, 春节); a make-up workday names the holiday it belongs to' }),
  nameEn: Nullable(Type.String()),
});

/** What the form sends per day; checked further by the service (inside the year, no duplicates, weekends). */
export const SpecialDayInput = Type.Object(
  {
    date: Type.String({ description: 'YYYY-MM-DD, inside the year', maxLength: 10 }),
    kind: SpecialDayKind,
    name: Type.String({ maxLength: 20, description: 'e.g. 元旦, 春节, 国庆节' }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { additionalProperties: false },
);
export type SpecialDayInput = Static<typeof SpecialDayInput>;

const SourceNote = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Where the dates come from, e.g. 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）',
});

export const PutYearBody = Type.Object(
  { sourceNote: SourceNote, days: Type.Array(SpecialDayInput, { maxItems: 200, description: 'Holidays and make-up workdays of the year' }) },
  { additionalProperties: false },
);
export type PutYearBody = Static<typeof PutYearBody>;

export const ImportYearBody = Type.Object(
  {
    sourceNote: SourceNote,
    fileName: Type.String({ maxLength: 200, description: 'Name of the file: .json or .csv decides how it is read' }),
    content: Type.String({
      minLength: 1,
      maxLength: 65_536,
      description: 'The file\'s text. JSON: [{"date","kind","name","nameEn"}] or {"days":[…]}. CSV: date,kind,name[,nameEn] per line',
    }),
    preview: Type.Optional(Type.Boolean({ description: 'Only read and check the file; save nothing' })),
  },
  { additionalProperties: false },
);
export type ImportYearBody = Static<typeof ImportYearBody>;

export const RecomputeItem = Type.Object(
  {
    status: Type.Union([Type.Literal('pending'), Type.Literal('done')]),
    processed: Type.Integer({ description: 'Open requests looked at so far' }),
    moved: Type.Integer({ description: 'Requests whose deadline moved (their owners were told)' }),
    requestedAt: Type.String({ format: 'date-time' }),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { description: 'The recount of open requests’ deadlines after the year was entered' },
);

export const YearSummary = Type.Object({
  year: Type.Integer(),
  source: Type.Union([Type.Literal('package'), Type.Literal('entered'), Type.Literal('imported')], {
    description: 'package: from the chinese-days package; entered: typed in by a region admin; imported: from a file',
  }),
  sourceNote: Nullable(Type.String()),
  enteredBy: Nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() })),
  enteredAt: Type.String({ format: 'date-time' }),
  holidays: Type.Integer(),
  makeupWorkdays: Type.Integer(),
  recompute: Nullable(RecomputeItem),
});

const Actions = Type.Object({ manage: Type.Boolean({ description: 'May enter or import a year (calendar.manage at a region)' }) });

export const NationalReply = Type.Object({
  years: Type.Array(YearSummary, { description: 'Known years, latest first' }),
  missing: Type.Array(Type.Integer(), { description: 'This year and next when not entered: their days are estimated' }),
  actions: Actions,
});

export const YearReply = Type.Object({
  year: Type.Integer(),
  entry: Nullable(YearSummary),
  days: Type.Array(SpecialDayItem),
  actions: Actions,
});

export const ImportReply = Type.Object({
  saved: Type.Boolean({ description: 'false for a preview' }),
  year: Type.Integer(),
  entry: Nullable(YearSummary),
  days: Type.Array(SpecialDayItem, { description: 'The days read from the file' }),
  actions: Actions,
});
