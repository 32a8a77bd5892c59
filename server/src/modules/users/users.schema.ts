import { Type, type Static } from 'typebox';
import { ORG_KINDS } from '../../db/schema/org.js';
import { Id } from '../../platform/schema.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);

export const LocalizedLabel = Type.Object({ zh: Type.String(), en: Type.String() });

export const RoleItem = Type.Object({
  role: Type.String(),
  label: LocalizedLabel,
  nodeKinds: Type.Array(Type.Enum(ORG_KINDS), { description: 'Kinds of org node the role may be held at' }),
  rank: Type.Integer({ description: 'A caller may grant only roles ranked below their own rank over the node' }),
});
export const RolesReply = Type.Object({ items: Type.Array(RoleItem) });

export const UserAction = Type.Union([Type.Literal('edit'), Type.Literal('disable'), Type.Literal('grant')]);
export type UserAction = Static<typeof UserAction>;

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  mobile: Nullable(Type.String({ description: 'Masked, e.g. 138****8000; the full number is at /users/{id}/contact' })),
  homeNodeId: Type.Integer(),
  homeNodeName: Type.String(),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  roles: Type.Array(
    Type.Object({ id: Type.Integer(), role: Type.String(), orgNodeId: Type.Integer(), orgNodeName: Type.String() }),
  ),
  allowedActions: Type.Array(UserAction, {
    description: 'What the caller may do with this user, so the UI can hide the other buttons',
  }),
});
export type User = Static<typeof User>;

export const UserList = Type.Object({ items: Type.Array(User), total: Type.Integer() });

export const UserListQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'Users filed under or holding a role in this subtree' })),
    q: Type.Optional(
      Type.String({
        maxLength: 50,
        description: 'Username or display name (substring), pinyin of the display name (full or prefix), mobile (all 11 digits or the last 4)',
      }),
    ),
    role: Type.Optional(Type.String({ maxLength: 40, description: 'Users holding this role inside the scope' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const UserIdParams = Type.Object({ id: Id() });
export const AssignmentParams = Type.Object({ id: Id(), assignmentId: Id() });

export const RoleGrant = Type.Object(
  { role: Type.String({ minLength: 1, maxLength: 40 }), orgNodeId: Id() },
  { additionalProperties: false },
);
export type RoleGrant = Static<typeof RoleGrant>;

const MOBILE_DOC = 'Mainland mobile number, 11 digits (+86 accepted)';

export const CreateUserBody = Type.Object(
  {
    // The precise rules (3–32 characters of letters, digits, . _ -) are checked in the service with a readable message.
    username: Type.String({ minLength: 1, maxLength: 64, description: '3–32 characters: letters, digits, ".", "_", "-"' }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    mobile: Type.Optional(Nullable(Type.String({ maxLength: 20, description: MOBILE_DOC }))),
    password: Type.String({ minLength: 1, maxLength: 128, description: '8–64 characters with letters and digits' }),
    homeNodeId: Id(),
    roles: Type.Optional(Type.Array(RoleGrant, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    mobile: Type.Optional(Nullable(Type.String({ maxLength: 20, description: `${MOBILE_DOC}; null or "" removes it` }))),
    disabled: Type.Optional(Type.Boolean({ description: 'Disabling signs the user out everywhere' })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Reset: signs the user out everywhere' })),
    homeNodeId: Type.Optional(Id()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const ContactReply = Type.Object({ mobile: Nullable(Type.String({ description: 'Unmasked; every view is audited' })) });
