import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — queue, in the console: pages inside the layout, and full-screen pages outside it. */
export const servicesQueueRoutes: RouteRecordRaw[] = [];
export const servicesQueueBareRoutes: RouteRecordRaw[] = [];
