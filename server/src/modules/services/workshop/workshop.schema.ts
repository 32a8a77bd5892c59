import { Type, type Static } from 'typebox';
import { PROVIDER_KINDS, WORKSHOP_CATEGORIES, WORKSHOP_ORDER_STATUSES } from '../../../db/schema/services.js';
import { Day, Id, Instant, Int, Limit, Nullable, Num, Offset, RequiredText, Text } from '../../../platform/schema.js';

const Kind = Type.Enum(PROVIDER_KINDS);
const Category = Type.Enum(WORKSHOP_CATEGORIES);
const Status = Type.Enum(WORKSHOP_ORDER_STATUSES);

export const ServiceBody = Type.Object({
  /** An existing service to edit; without it a new one. */
  id: Type.Optional(Id()),
  name: RequiredText(40),
  category: Category,
  /** Yuan, e.g. 1 or 15.5; 0 = free. */
  priceYuan: Num(0, 100_000),
  unit: Type.Optional(Text(10)),
  atHome: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
});
export type ServiceBody = Static<typeof ServiceBody>;

export const ProviderBody = Type.Object({
  nodeId: Id(),
  kind: Kind,
  name: RequiredText(60),
  contactName: RequiredText(30),
  phone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$', maxLength: 20, description: 'A phone to call (public)' }),
  userId: Type.Optional(Nullable(Id())),
  address: Type.Optional(Text(120)),
  lng: Type.Optional(Nullable(Num(-180, 180))),
  lat: Type.Optional(Nullable(Num(-90, 90))),
  hours: Type.Optional(Text(80)),
  description: Type.Optional(Text(500)),
  active: Type.Optional(Type.Boolean()),
  services: Type.Array(ServiceBody, { maxItems: 40 }),
});
export type ProviderBody = Static<typeof ProviderBody>;
export const ProviderPatch = Type.Partial(Type.Omit(ProviderBody, ['nodeId']), { minProperties: 1 });
export type ProviderPatch = Static<typeof ProviderPatch>;

export const WorkshopService = Type.Object({
  id: Id(),
  name: Type.String(),
  category: Type.String(),
  priceCents: Type.Integer(),
  unit: Type.String(),
  atHome: Type.Boolean(),
  active: Type.Boolean(),
});

export const Provider = Type.Object({
  id: Id(),
  nodeId: Id(),
  nodeName: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  contactName: Type.String(),
  phone: Type.String(),
  userId: Nullable(Id()),
  userName: Nullable(Type.String()),
  address: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  hours: Type.String(),
  description: Type.String(),
  active: Type.Boolean(),
  doneCount: Type.Integer(),
  averageRating: Nullable(Type.Number()),
  services: Type.Array(WorkshopService),
});
export const ProviderList = Type.Object({ items: Type.Array(Provider), total: Type.Integer() });

export const StaffProvidersQuery = Type.Object({ nodeId: Type.Optional(Id()), q: Type.Optional(Text(40)), limit: Type.Optional(Limit(200, 50)), offset: Type.Optional(Offset()) });
export type StaffProvidersQuery = Static<typeof StaffProvidersQuery>;
export const PublicProvidersQuery = Type.Object({ category: Type.Optional(Category) });
export type PublicProvidersQuery = Static<typeof PublicProvidersQuery>;

export const OrderBody = Type.Object({ serviceId: Id(), preferredAt: Type.Optional(Nullable(Instant())), note: Type.Optional(Text(300)) });
export type OrderBody = Static<typeof OrderBody>;
export const ConfirmBody = Type.Object({ confirmedFor: Instant() });
export type ConfirmBody = Static<typeof ConfirmBody>;
export const DeclineBody = Type.Object({ reason: RequiredText(200) });
export type DeclineBody = Static<typeof DeclineBody>;
export const RateBody = Type.Object({ rating: Int(1, 5), comment: Type.Optional(Text(300)) });
export type RateBody = Static<typeof RateBody>;

export const Order = Type.Object({
  id: Id(),
  serviceId: Id(),
  serviceName: Type.String(),
  category: Type.String(),
  priceCents: Type.Integer(),
  unit: Type.String(),
  providerId: Id(),
  providerName: Type.String(),
  providerPhone: Type.String(),
  nodeId: Id(),
  userId: Id(),
  /** The resident: whole for themselves and the provider, masked in staff lists. */
  residentName: Type.String(),
  residentMobile: Nullable(Type.String()),
  preferredAt: Nullable(Instant()),
  confirmedFor: Nullable(Instant()),
  note: Type.String(),
  status: Type.String(),
  declineReason: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  createdAt: Instant(),
  doneAt: Nullable(Instant()),
});
export const OrderList = Type.Object({ items: Type.Array(Order), total: Type.Integer() });
export const OrdersQuery = Type.Object({
  nodeId: Type.Optional(Id()),
  providerId: Type.Optional(Id()),
  status: Type.Optional(Status),
  limit: Type.Optional(Limit(200, 50)),
  offset: Type.Optional(Offset()),
});
export type OrdersQuery = Static<typeof OrdersQuery>;

export const StatsQuery = Type.Object({ nodeId: Id(), from: Day(), to: Day() });
export type StatsQuery = Static<typeof StatsQuery>;
export const Stats = Type.Object({
  nodeId: Id(),
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(Type.Object({ providerId: Id(), name: Type.String(), orders: Type.Integer(), done: Type.Integer(), averageRating: Nullable(Type.Number()) })),
  totals: Type.Object({ orders: Type.Integer(), done: Type.Integer(), averageRating: Nullable(Type.Number()) }),
});
