/** A point from the phone's location service, in WGS-84 as browsers give it. */
export interface Point {
  lng: number;
  lat: number;
  /** Radius of uncertainty, metres. */
  accuracy: number;
}

export type LocateFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

export class LocateError extends Error {
  constructor(readonly reason: LocateFailure) {
    super(reason);
    this.name = 'LocateError';
  }
}

/** Message key explaining why the location could not be read, with what to do instead. */
export function locateFailureKey(reason: LocateFailure): string {
  return `requests.location.${reason}`;
}

/**
 * "Use my location". There is no online map service here, so the point is taken as the phone reports it; the
 * server finds the grid whose outline contains it.
 */
export function locate(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation, timeoutMs = 15_000): Promise<Point> {
  return new Promise((resolve, reject) => {
    if (!geolocation) {
      reject(new LocateError('unsupported'));
      return;
    }
    geolocation.getCurrentPosition(
      (position) =>
        resolve({
          lng: Math.round(position.coords.longitude * 1e6) / 1e6,
          lat: Math.round(position.coords.latitude * 1e6) / 1e6,
          accuracy: Math.round(position.coords.accuracy),
        }),
      (error) => {
        const reason: LocateFailure = error.code === 1 ? 'denied' : error.code === 3 ? 'timeout' : 'unavailable';
        reject(new LocateError(reason));
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
