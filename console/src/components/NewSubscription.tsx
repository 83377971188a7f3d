// A new subscription to one of a product's offers, as My purchases and a
// partner's "Buy for this customer" create it: the billing frequency and the
// quantity chosen in a dialog, then CreateSubscription for a tenant, sent once
// with an Idempotency-Key. While it is on its way, the dialog stays open.
import { useState, type Ref } from 'react';
import { Field, Input, Select } from '@fluentui/react-components';
import { api, call, type Money, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { useSubmit } from './hooks';
import { useModalBusy } from './Modal';

type Offer = Schemas['Offer'];
type Frequency = Offer['billingFrequency'];
type SubscriptionCreate = Schemas['SubscriptionCreate'];

/** The quantity typed in a form: a whole number, or 0 (which the API refuses with its own words). */
/** A quantity as typed: digits only ("1e3" or "2.5" is 0, which the API refuses at the field). */
export function parseQuantity(s: string): number {
  return /^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : 0;
}

/** Inside a Modal: the offer chosen among offers, the quantity typed, and create(), which adds the rest of the body. */
export function useNewSubscription(tenantId: string, productId: string, offers: Offer[]) {
  const [frequency, setFrequency] = useState<Frequency>(offers[0]?.billingFrequency ?? 'monthly');
  const [quantity, setQuantity] = useState('1');
  const offer = offers.find((o) => o.billingFrequency === frequency);
  const buy = useSubmit((key: string, body: SubscriptionCreate) =>
    call(api.POST('/v1/tenants/{tenantId}/subscriptions', { params: { path: { tenantId }, header: { 'Idempotency-Key': key } }, body })),
  );
  useModalBusy(buy.pending);
  /** The chosen offer's price for the quantity typed. */
  const price: Money | undefined = offer && { amount: offer.unitPrice.amount * parseQuantity(quantity), currency: offer.unitPrice.currency };
  const create = (rest: { trial: boolean; paymentMethodId?: string }) =>
    buy.submit({ productId, billingFrequency: frequency, quantity: parseQuantity(quantity), ...rest });
  return { offers, frequency, setFrequency, quantity, setQuantity, offer, price, create, ...buy };
}

/** The request members that OfferFields shows problems of at their input. */
export const OFFER_FIELDS = ['billingFrequency', 'quantity'];

/** The billing frequency (one per offer) and the quantity, each with the API's problem about it. */
export function OfferFields({
  sub,
  labels,
  frequencyRef,
}: {
  sub: ReturnType<typeof useNewSubscription>;
  labels: { frequency: string; quantity: string };
  frequencyRef?: Ref<HTMLSelectElement>;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field label={labels.frequency} validationMessage={sub.fieldError('billingFrequency')}>
        <Select ref={frequencyRef} value={sub.frequency} onChange={(_, d) => sub.setFrequency(d.value as Frequency)}>
          {sub.offers.map((o) => (
            <option key={o.billingFrequency} value={o.billingFrequency}>
              {t(`frequency.${o.billingFrequency}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={labels.quantity} required validationMessage={sub.fieldError('quantity')}>
        <Input type="number" min={1} max={10000} value={sub.quantity} onChange={(_, d) => sub.setQuantity(d.value)} />
      </Field>
    </>
  );
}
