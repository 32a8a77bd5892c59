/** Convenience services — workshop (phone and console). */
const zh = {};

export default zh;
