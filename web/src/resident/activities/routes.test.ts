import { describe, expect, it } from 'vitest';
import { activitiesRoutes } from './routes';
import { spanText } from './format';

describe('volunteer activity pages', () => {
  it('keep the route names and paths the server links to (notices, the QR code)', () => {
    expect(activitiesRoutes.map((r) => [r.name, r.path])).toEqual([
      ['activities', '/activities'],
      ['activity-checkin', '/activities/checkin/:token'],
      ['activity', '/activities/:id(\\d+)'],
      ['volunteer-hours', '/volunteer/hours'],
    ]);
  });

  it('write an activity’s time in China time as the server sends it', () => {
    expect(spanText('2026-10-01T09:00:00+08:00', '2026-10-01T11:30:00+08:00')).toBe('10/01 09:00–11:30');
  });
});
