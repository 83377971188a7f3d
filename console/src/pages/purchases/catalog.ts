// What the purchase pages read from a catalog product.
import type { Schemas } from '../../api/client';

export type Product = Schemas['Product'];
export type Offer = Schemas['Offer'];

/** The offers a trial can start from. */
export function trialOffers(p: Product): Offer[] {
  return p.offers.filter((o) => o.trial);
}

/** The first offer's trial terms, if any offer has one. */
export function trialTerms(p: Product): Offer['trial'] {
  return trialOffers(p)[0]?.trial;
}
