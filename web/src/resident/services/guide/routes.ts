import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — guide, on the phone. */
export const servicesGuideRoutes: RouteRecordRaw[] = [];
