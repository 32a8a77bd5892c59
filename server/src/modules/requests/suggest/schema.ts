import { Type } from 'typebox';
import { Id } from '../../../platform/schema.js';

export const SuggestParams = Type.Object({ id: Id() });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SuggestionsReply = Type.Object({
  categories: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      parentName: Nullable(Type.String()),
      parentNameEn: Nullable(Type.String()),
      score: Type.Number({ description: 'Share of the evidence (0–1); the scores of the list sum to 1' }),
      matchedKeywords: Type.Array(Type.String(), { description: 'Category keywords found among the words of the text' }),
      similarPast: Type.Integer({ description: 'Past requests of this category in the community sharing a word with this one' }),
    }),
    { description: 'Best first, at most 5' },
  ),
  duplicates: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      title: Type.String(),
      status: Type.String(),
      receivedAt: Type.String({ format: 'date-time' }),
      distanceMeters: Nullable(Type.Integer({ description: 'From this request’s point; null when matched by building' })),
      similarity: Type.Number({ description: 'Jaccard similarity of the two texts’ words (0–1)' }),
    }),
    { description: 'Same category, within 100 m (or the same building), from 7 days before, similar text; most similar first' },
  ),
  basis: Type.Object({
    words: Type.Array(Type.String(), { description: 'The words of the text the suggestions were computed from' }),
    duplicateCategory: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String(), suggested: Type.Boolean() })),
    location: Type.Union([Type.Literal('point'), Type.Literal('building'), Type.Literal('none')]),
    historySize: Type.Integer({ description: 'Past categorized requests of the community the suggestion learned from' }),
  }),
});
