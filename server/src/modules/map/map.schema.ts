import { Type, type Static } from 'typebox';
import { MAP_TILE_COORDS, MAP_TILE_SOURCES } from '../../config.js';
import { Id, Nullable, Num } from '../../platform/schema.js';

export const MapConfigReply = Type.Object({
  tiles: Type.Enum(MAP_TILE_SOURCES, { description: 'none: our layers on a plain background (intranets); tianditu or custom: background tiles' }),
  layers: Type.Array(
    Type.Object({
      url: Type.String({ description: 'Leaflet tile template: {z} {x} {y}, {s} for one of the subdomains' }),
      subdomains: Type.Array(Type.String()),
    }),
    { description: 'Tile layers, bottom first (天地图: vector map, then labels)' },
  ),
  attribution: Type.String(),
  coords: Type.Enum(MAP_TILE_COORDS, { description: 'Coordinate system of the tiles; data is WGS-84, convert for gcj02' }),
  maxZoom: Type.Integer(),
});
export type MapConfigReply = Static<typeof MapConfigReply>;

export const LayersQuery = Type.Object(
  { nodeId: Id({ description: 'Grids and buildings with an outline in this node’s subtree' }) },
  { additionalProperties: false },
);
export type LayersQuery = Static<typeof LayersQuery>;

export const MAP_FEATURE_KINDS = ['grid', 'building'] as const;

const Position = Type.Array(Type.Number(), { description: '[longitude, latitude], WGS-84' });

export const LayersReply = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.Integer(),
      geometry: Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position)) }),
      properties: Type.Object({
        id: Type.Integer(),
        kind: Type.Enum(MAP_FEATURE_KINDS),
        name: Type.String(),
        parentId: Nullable(Type.Integer()),
        depth: Type.Integer(),
      }),
    }),
  ),
  bbox: Nullable(Type.Array(Type.Number(), { description: '[minLng, minLat, maxLng, maxLat] of the features' })),
  truncated: Type.Boolean({ description: 'More outlines than one answer carries (grids first, then buildings); pick a smaller node' }),
});
export type LayersReply = Static<typeof LayersReply>;

export const LocateQuery = Type.Object(
  {
    lng: Num(-180, 180, { description: 'Longitude, WGS-84' }),
    lat: Num(-90, 90, { description: 'Latitude, WGS-84' }),
  },
  { additionalProperties: false },
);
export type LocateQuery = Static<typeof LocateQuery>;

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const LocateReply = Type.Object({
  grid: Nullable(Named),
  community: Nullable(Named),
  outside: Type.Boolean({ description: 'The point lies in a grid outside the caller’s area (not named)' }),
});
