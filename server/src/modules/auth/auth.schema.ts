import { Type, type Static } from 'typebox';
import { ORG_KINDS } from '../../db/schema/org.js';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: 'Username or 11-digit mobile number' }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const OrgNodeRef = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.Enum(ORG_KINDS),
  subkind: Type.Union([Type.String(), Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  depth: Type.Integer(),
  path: Type.String(),
});

export const UserSelf = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  mobile: Type.Union([Type.String(), Type.Null()], { description: 'Masked' }),
  homeNodeId: Type.Integer(),
});

export const LoginReply = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  user: UserSelf,
});

export const MeReply = Type.Object({
  user: UserSelf,
  homeNode: Type.Union([OrgNodeRef, Type.Null()], { description: 'The node the account is filed under (a resident: their community, grid or unit)' }),
  roles: Type.Array(Type.Object({ id: Type.Integer(), role: Type.String(), orgNode: OrgNodeRef })),
  scopes: Type.Array(OrgNodeRef, { description: 'The top nodes of the subtrees the caller can see' }),
  permissions: Type.Array(Type.String(), { description: 'Every permission the caller holds at some node' }),
});

export const LogoutAllReply = Type.Object({ ended: Type.Integer({ description: 'How many sessions ended, this one included' }) });
