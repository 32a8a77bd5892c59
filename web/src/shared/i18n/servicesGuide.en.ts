import type zh from './servicesGuide.zh-CN';

/** Convenience services — guide (phone and console). */
const en: typeof zh = {};

export default en;
