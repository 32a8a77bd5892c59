import gcoord from 'gcoord';

/** Our data (outlines, request points) is WGS-84; tiles may be WGS-84 (天地图) or GCJ-02 (AMap, Tencent). */
export type TileCoords = 'wgs84' | 'gcj02';

export interface LngLat {
  lng: number;
  lat: number;
}

/** Six decimals: about 0.1 m, what the server stores and compares. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export interface Projection {
  /** A WGS-84 point as [lat, lng] on the tiles' coordinate system (Leaflet's order). */
  toMap(point: LngLat): [number, number];
  /** A position on the map back to WGS-84, rounded to six decimals. */
  fromMap(lat: number, lng: number): LngLat;
}

export function projectionFor(coords: TileCoords): Projection {
  if (coords === 'wgs84') {
    return {
      toMap: (p) => [p.lat, p.lng],
      fromMap: (lat, lng) => ({ lng: round6(lng), lat: round6(lat) }),
    };
  }
  return {
    toMap: (p) => {
      const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      return [lat, lng];
    },
    fromMap: (lat, lng) => {
      const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
      return { lng: round6(x), lat: round6(y) };
    },
  };
}
