import { Type, type Static } from 'typebox';
import { Id } from '../../platform/schema.js';

export const KeyListQuery = Type.Object(
  { nodeId: Type.Optional(Id({ description: 'Keys tied to this node or below it' })) },
  { additionalProperties: false },
);

export const IssueKeyBody = Type.Object(
  {
    partnerName: Type.String({ minLength: 2, maxLength: 100, description: 'Who the key is for, e.g. 青山区12345热线' }),
    nodeId: Id({ description: 'The node the partner files and reads requests under' }),
  },
  { additionalProperties: false },
);
export type IssueKeyBody = Static<typeof IssueKeyBody>;

export const KeyIdParams = Type.Object({ id: Id() });

export const ApiKeyItem = Type.Object({
  id: Type.Integer(),
  partnerName: Type.String(),
  orgNode: Type.Object({ id: Type.Integer(), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeyItem) });

export const IssuedKey = Type.Object({
  ...ApiKeyItem.properties,
  key: Type.String({ description: 'The key itself: shown this once, only its hash is stored' }),
});
