/** Convenience services — guide (phone and console). */
const zh = {};

export default zh;
