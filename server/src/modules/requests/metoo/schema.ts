import { Type, type Static } from 'typebox';
import { Id, Int, Nullable, Num, Text } from '../../../platform/schema.js';

export const NearbyQuery = Type.Object(
  {
    categoryId: Type.Optional(Id({ description: 'With text: only similar problems of this category (the report page)' })),
    text: Type.Optional(Text(500, { description: 'What the resident is about to report; with categoryId, ranks similar open problems' })),
    buildingNodeId: Type.Optional(Id({ description: 'The building chosen on the report page' })),
    lng: Type.Optional(Num(-180, 180)),
    lat: Type.Optional(Num(-90, 90)),
    limit: Int(1, 50, { default: 20 }),
  },
  { additionalProperties: false },
);
export type NearbyQuery = Static<typeof NearbyQuery>;

export const NearbyItem = Type.Object({
  id: Type.Integer(),
  category: Nullable(Type.Object({ name: Type.String(), nameEn: Type.String() })),
  place: Type.String({ description: 'The building, else the grid or community the request belongs to' }),
  status: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  meTooCount: Type.Integer(),
  meToo: Type.Boolean({ description: 'You have said "me too"' }),
  mine: Type.Boolean({ description: 'You reported it (no "me too" on your own request)' }),
  similarity: Nullable(Type.Number({ description: 'With categoryId and text: how alike the texts are (0–1)' })),
});

export const NearbyReply = Type.Object({
  community: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  items: Type.Array(NearbyItem),
});

export const MeTooReply = Type.Object({
  id: Type.Integer(),
  meTooCount: Type.Integer(),
  meToo: Type.Boolean(),
});
