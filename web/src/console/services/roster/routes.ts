import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — roster, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesRosterRoutes: RouteRecordRaw[] = [];
export const servicesRosterBareRoutes: RouteRecordRaw[] = [];
