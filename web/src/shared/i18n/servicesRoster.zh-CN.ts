/** Convenience services — roster (phone and console). */
const zh = {};

export default zh;
