import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — workshop, on the phone. */
export const servicesWorkshopRoutes: RouteRecordRaw[] = [];
