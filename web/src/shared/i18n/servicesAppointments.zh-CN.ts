/** Convenience services — appointments (phone and console). */
const zh = {};

export default zh;
