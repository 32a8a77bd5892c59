import type zh from './servicesWorkshop.zh-CN';

/** Convenience services — workshop (phone and console). */
const en: typeof zh = {};

export default en;
