import type { Router } from 'vue-router';

/**
 * Follow a notification's link. Links inside the current page (same base, e.g. /console/…) go through the
 * router so the app is not reloaded; other same-site links load normally; off-site links open a new tab.
 */
export function openLink(link: string | null | undefined, router: Router, base: string): void {
  if (!link) return;
  if (/^https?:\/\//i.test(link)) {
    window.open(link, '_blank', 'noopener');
    return;
  }
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  if (link === prefix || link.startsWith(`${prefix}/`)) {
    void router.push(link.slice(prefix.length) || '/');
    return;
  }
  if (link.startsWith('/')) window.location.assign(link);
}
