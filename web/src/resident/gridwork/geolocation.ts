/** The browser's position when the user allows it (null when refused, unavailable, or slower than `timeoutMs`). */
export function currentPosition(timeoutMs = 8000): Promise<{ lng: number; lat: number } | null> {
  const geo = globalThis.navigator?.geolocation;
  if (!geo) return Promise.resolve(null);
  return new Promise((resolve) => {
    geo.getCurrentPosition(
      (pos) => resolve({ lng: pos.coords.longitude, lat: pos.coords.latitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** "120 m", "1.4 km". */
export function distanceLabel(m: number, t: (key: string, values: Record<string, unknown>) => string): string {
  return m < 1000 ? t('gridwork.phone.distance', { m }) : t('gridwork.phone.distanceKm', { km: (m / 1000).toFixed(1) });
}
