import type zh from './servicesQueue.zh-CN';

/** Convenience services — queue (phone and console). */
const en: typeof zh = {};

export default en;
