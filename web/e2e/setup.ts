import { afterEach, expect } from 'vitest';
import { cspViolations } from './browser';

/** No page may break on the server's Content-Security-Policy: a violation fails the test during which it happened. */
afterEach(() => {
  expect(cspViolations.splice(0)).toEqual([]);
});
