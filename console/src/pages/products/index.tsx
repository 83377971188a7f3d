// Billing > Your products and one subscription's details (docs/spec.md §13).
export { Products } from './ProductsList';
export { SubscriptionPage } from './SubscriptionDetails';
