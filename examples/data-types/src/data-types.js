// Implements example:data-types/data-types@1.0.0. componentize-js maps the exported interface
// `data-types` to the exported object `dataTypes` (camelCase), records to plain objects ({ x, y }),
// variants to { tag, val } and enums to their case names.
import { operations } from './operations.js';

const success = (value) => ({ tag: 'success', val: value });
const error = (message) => ({ tag: 'error', val: message });

export const dataTypes = {
  calculateBatch(operationTypes, values) {
    return operationTypes.map((operation, index) => {
      const point = values[index];
      if (point === undefined) {
        return error(`No point for operation ${index} (${operation})`);
      }

      const result = operations[operation](point.x, point.y);
      return result === null ? error('Division by zero') : success(result);
    });
  },
};
