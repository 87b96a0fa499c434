// Implements example:calculator/calculator@1.0.0. componentize-js maps the exported interface
// `calculator` to the exported object of the same name.
export const calculator = {
  add(a, b) {
    return a + b;
  },

  subtract(a, b) {
    return a - b;
  },

  multiply(a, b) {
    return a * b;
  },

  // result<f64, string>: returning a value is `ok`; throwing is `err` with the thrown value as the
  // payload (throw the string itself: a thrown Error object is not an error payload, it traps).
  divide(a, b) {
    if (b === 0) {
      throw 'Division by zero';
    }
    return a / b;
  },
};
