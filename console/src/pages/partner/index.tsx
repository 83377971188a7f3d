// Partner (docs/spec.md §13, seeds 002 and 003): the partner's customers and,
// for each, its permissions and buying on its behalf.
export { Customers } from './Customers';
export { Customer } from './Customer';
