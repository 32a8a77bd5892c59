import type zh from './servicesRoster.zh-CN';

/** Convenience services — roster (phone and console). */
const en: typeof zh = {};

export default en;
