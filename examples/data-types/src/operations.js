// One arithmetic operation per `operation-type` case. WIT enums arrive as their case names (strings).
export const operations = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => (y === 0 ? null : x / y),
};
