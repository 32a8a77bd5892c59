import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — workshop, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesWorkshopRoutes: RouteRecordRaw[] = [];
export const servicesWorkshopBareRoutes: RouteRecordRaw[] = [];
