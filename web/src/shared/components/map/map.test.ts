import { describe, expect, it } from 'vitest';
import { projectionFor } from './coords';
import { groupByDistance, groupTone, toneOf } from './markers';

describe('projection', () => {
  const here = { lng: 109.9012, lat: 40.6905 };

  it('leaves WGS-84 tiles alone', () => {
    const p = projectionFor('wgs84');
    expect(p.toMap(here)).toEqual([40.6905, 109.9012]);
    expect(p.fromMap(40.69050000001, 109.90120000004)).toEqual(here);
  });

  it('shifts to GCJ-02 for AMap-style tiles and back within centimetres', () => {
    const p = projectionFor('gcj02');
    const [lat, lng] = p.toMap(here);
    // The offset in Baotou is a few hundred metres: clearly moved, not wildly.
    expect(Math.abs(lng - here.lng)).toBeGreaterThan(0.001);
    expect(Math.abs(lng - here.lng)).toBeLessThan(0.02);
    const back = p.fromMap(lat, lng);
    expect(Math.abs(back.lng - here.lng)).toBeLessThan(2e-6);
    expect(Math.abs(back.lat - here.lat)).toBeLessThan(2e-6);
  });
});

describe('markers', () => {
  it('colour by stage, red when an open request is overdue', () => {
    expect(toneOf('in_progress', true)).toBe('overdue');
    expect(toneOf('resolved', true)).toBe('done');
    expect(toneOf('submitted', false)).toBe('waiting');
    expect(toneOf('dispatched', false)).toBe('working');
    expect(toneOf('rejected', false)).toBe('other');
    expect(groupTone(['done', 'working', 'overdue'])).toBe('overdue');
    expect(groupTone(['done', 'other'])).toBe('done');
  });

  it('group points closer than the cell and keep far ones apart', () => {
    const groups = groupByDistance(
      [
        { marker: 'a', x: 0, y: 0 },
        { marker: 'b', x: 10, y: 20 },
        { marker: 'c', x: 200, y: 0 },
      ],
      36,
    );
    expect(groups.map((g) => g.members)).toEqual([['a', 'b'], ['c']]);
    expect(groups[0]).toMatchObject({ x: 5, y: 10 });
  });
});
