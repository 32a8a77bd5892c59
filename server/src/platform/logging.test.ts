import { describe, expect, it } from 'vitest';
import { scrubUrl } from './logging.js';

describe('log scrubbing', () => {
  it('hides api keys and tokens in query strings and keeps the rest', () => {
    expect(scrubUrl('/open311/v2/requests.json?api_key=demo-open311-key&status=open')).toBe('/open311/v2/requests.json?api_key=[redacted]&status=open');
    expect(scrubUrl('/open311/v2/requests.json?status=open&API_KEY=abc')).toBe('/open311/v2/requests.json?status=open&API_KEY=[redacted]');
    expect(scrubUrl('/api/v1/events?token=secret#x')).toBe('/api/v1/events?token=[redacted]#x');
    expect(scrubUrl('/api/v1/requests?q=api_key')).toBe('/api/v1/requests?q=api_key');
  });
});
