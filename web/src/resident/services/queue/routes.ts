import type { RouteRecordRaw } from 'vue-router';

/** Convenience services — queue, on the phone. */
export const servicesQueueRoutes: RouteRecordRaw[] = [];
