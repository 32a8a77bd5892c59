import type zh from './servicesAppointments.zh-CN';

/** Convenience services — appointments (phone and console). */
const en: typeof zh = {};

export default en;
