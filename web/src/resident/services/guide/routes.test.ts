import { describe, expect, it } from 'vitest';
import { servicesGuideRoutes } from './routes';

describe('service guide routes on the phone', () => {
  it('open the hub, the guide and an item signed out; home service needs an account', () => {
    const publicNames = servicesGuideRoutes.filter((r) => r.meta?.public).map((r) => r.name);
    expect(publicNames).toEqual(['services', 'service-guide', 'service-item']);
    const privateNames = servicesGuideRoutes.filter((r) => !r.meta?.public).map((r) => r.name);
    expect(privateNames).toEqual(['home-service-new', 'home-service-mine']);
  });
});
