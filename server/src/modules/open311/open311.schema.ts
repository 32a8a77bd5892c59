import { Type, type Static, type TSchema } from 'typebox';

/** GeoReport v2 shapes (field names as the spec writes them). */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const FileParams = Type.Object({
  file: Type.String({ minLength: 1, maxLength: 120, description: 'The resource with its format: e.g. LX202603100000042.json or .xml' }),
});

export const JurisdictionQuery = Type.Object({
  jurisdiction_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, description: 'An org node: its division code (150204 = 青山区) or n<id> for nodes without one' }),
  ),
});

export const RequestsQuery = Type.Object({
  jurisdiction_id: JurisdictionQuery.properties.jurisdiction_id,
  api_key: Type.Optional(Type.String({ maxLength: 200, description: 'Required to read service requests (see docs/open311.md)' })),
  service_request_id: Type.Optional(Type.String({ maxLength: 4000, description: 'Comma-separated ids; when given, the other filters are ignored' })),
  service_code: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated service codes' })),
  start_date: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601; default 90 days before end_date' })),
  end_date: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601; default now' })),
  status: Type.Optional(Type.String({ maxLength: 20, description: 'open, closed or open,closed' })),
});
export type RequestsQuery = Static<typeof RequestsQuery>;

export const RequestQuery = Type.Object({
  jurisdiction_id: JurisdictionQuery.properties.jurisdiction_id,
  api_key: Type.Optional(Type.String({ maxLength: 200 })),
});

/** POST body (form-encoded per the spec, JSON accepted). Required fields are checked by the service, for spec errors. */
export const PostRequestBody = Type.Object({
  api_key: Type.Optional(Type.String({ maxLength: 200 })),
  jurisdiction_id: JurisdictionQuery.properties.jurisdiction_id,
  service_code: Type.Optional(Type.String({ maxLength: 60 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  address_string: Type.Optional(Type.String({ maxLength: 200 })),
  address_id: Type.Optional(Type.String({ maxLength: 100 })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  device_id: Type.Optional(Type.String({ maxLength: 200 })),
  account_id: Type.Optional(Type.String({ maxLength: 200 })),
  first_name: Type.Optional(Type.String({ maxLength: 50 })),
  last_name: Type.Optional(Type.String({ maxLength: 50 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  media_url: Type.Optional(Type.String({ maxLength: 2000 })),
  attribute: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type PostRequestBody = Static<typeof PostRequestBody>;

export const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.String(),
      formats: Type.Array(Type.String()),
    }),
  ),
});

export const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Unknown()),
});

export const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Nullable(Type.String()),
  service_name: Nullable(Type.String()),
  service_code: Nullable(Type.String()),
  description: Nullable(Type.String({ description: 'Only for requests filed with the same api_key' })),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.String({ description: 'The resolution deadline' }),
  address: Nullable(Type.String({ description: 'Door numbers masked' })),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number({ description: 'Rounded to 0.001° (about 100 m)' })),
  long: Nullable(Type.Number({ description: 'Rounded to 0.001° (about 100 m)' })),
  media_url: Nullable(Type.String()),
});
export type ServiceRequest = Static<typeof ServiceRequest>;

export const PostReply = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    token: Type.String(),
    service_notice: Nullable(Type.String()),
    account_id: Nullable(Type.String()),
  }),
);

export const TokenReply = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }));

export const Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));

/** A response in both formats: the JSON shape for application/json, the same content as XML text. */
export function bothFormats(description: string, json: TSchema) {
  return {
    description,
    content: { 'application/json': { schema: json }, 'text/xml': { schema: Type.String({ description: 'The same, as XML' }) } },
  };
}
