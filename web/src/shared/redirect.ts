import type { RouteLocationRaw } from 'vue-router';

/**
 * Only same-app paths may be redirect targets after sign-in, so a crafted link cannot bounce a user off-site;
 * anything else goes to the app's home.
 */
export function safeRedirect(value: unknown): RouteLocationRaw {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : { name: 'home' };
}
