// Whether a partner may sell a catalog product to a customer (docs/spec.md
// §4.2, ISV rules), read from the product's own fields.
import type { Schemas } from '../../api/client';

export type Product = Schemas['Product'];

export type Unsellable = 'addOn' | 'viaPartner' | 'exclusive' | 'country' | 'held';

/**
 * Why partnerId can't sell product to a customer in country, holding live
 * subscriptions of the products in held; undefined when it can.
 */
export function whyUnsellable(product: Product, partnerId: string, country: string, held: Set<string>): Unsellable | undefined {
  if (product.addOnOf.length > 0) return 'addOn';
  if (!product.availableViaPartner) return 'viaPartner';
  if (product.exclusivePartnerIds.length > 0 && !product.exclusivePartnerIds.includes(partnerId)) return 'exclusive';
  if (product.availableCountries.length > 0 && !product.availableCountries.includes(country)) return 'country';
  if (product.limitOnePerTenant && held.has(product.productId)) return 'held';
  return undefined;
}
