import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — guide, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesGuideRoutes: RouteRecordRaw[] = [];
export const servicesGuideBareRoutes: RouteRecordRaw[] = [];
