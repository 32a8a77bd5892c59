/** Convenience services — queue (phone and console). */
const zh = {};

export default zh;
