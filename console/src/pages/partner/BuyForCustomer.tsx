// "Buy for this customer": the catalog a partner may sell from (the API's
// filters and the ISV rules), and a purchase billed to the partner.
import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Select,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call, type Subscription } from '../../api/client';
import { useLoad } from '../../components/hooks';
import { useDialogFor } from '../../components/Modal';
import { Loaded } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession, useWho } from '../../session';
import { BuyDialog } from './BuyDialog';
import type { Tenant } from './customer';
import { whyUnsellable, type Product } from './sellable';

type Query = { publisher?: Product['publisher']; billingType?: Product['billingType']; category?: Product['category'] };

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  prices: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** focusAfterPurchase: what takes the focus once a purchase's dialog is gone. */
export function BuyForCustomer({
  customer,
  held,
  onBought,
  focusAfterPurchase,
}: {
  customer: Tenant;
  /** The products of the customer's live (not Deleted or Expired) subscriptions. */
  held: Set<string>;
  onBought: (s: Subscription) => void;
  focusAfterPurchase: () => HTMLElement | null;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const { session } = useSession();
  const who = useWho();
  const partnerId = session.tenantId;
  const [query, setQuery] = useState<Query>({});
  const [showAll, setShowAll] = useState(false);
  const dialog = useDialogFor<Product>();
  const products = useLoad(() => call(api.GET('/v1/products', { params: { query } })), [query.publisher, query.billingType, query.category]);

  const filter = <K extends keyof Query>(key: K, value: string) => setQuery({ ...query, [key]: value || undefined });

  return (
    <section className={s.section} aria-labelledby="buy-title">
      <Subtitle1 as="h2" id="buy-title">
        {t('partner.buy.title')}
      </Subtitle1>
      <Body1>{t('partner.buy.intro')}</Body1>
      <div className={s.filters}>
        <Field label={t('partner.filter.publisher')}>
          <Select value={query.publisher ?? ''} onChange={(_, d) => filter('publisher', d.value)}>
            <option value="">{t('common.all')}</option>
            <option value="microsoft">{t('partner.publisher.microsoft')}</option>
            <option value="partner">{t('partner.publisher.partner')}</option>
          </Select>
        </Field>
        <Field label={t('partner.filter.billingType')}>
          <Select value={query.billingType ?? ''} onChange={(_, d) => filter('billingType', d.value)}>
            <option value="">{t('common.all')}</option>
            <option value="license">{t('partner.billingType.license')}</option>
            <option value="usage">{t('partner.billingType.usage')}</option>
          </Select>
        </Field>
        <Field label={t('partner.filter.category')}>
          <Select value={query.category ?? ''} onChange={(_, d) => filter('category', d.value)}>
            <option value="">{t('common.all')}</option>
            <option value="enterprise">{t('partner.category.enterprise')}</option>
            <option value="smallBusiness">{t('partner.category.smallBusiness')}</option>
            <option value="trial">{t('partner.category.trial')}</option>
          </Select>
        </Field>
        <Checkbox label={t('partner.filter.showUnavailable')} checked={showAll} onChange={(_, d) => setShowAll(d.checked === true)} />
      </div>
      {!who.salesAgent && <Caption1 className={s.muted}>{t('partner.buy.readOnly')}</Caption1>}
      <Loaded state={products}>
        {(list) => {
          const rows = list.items
            .map((p) => ({ product: p, why: whyUnsellable(p, partnerId, customer.country, held) }))
            .filter((r) => showAll || !r.why);
          if (rows.length === 0) return <Text>{t('partner.buy.empty')}</Text>;
          return (
            <Table aria-labelledby="buy-title" data-testid="partner-catalog">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.col.product')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.filter.publisher')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.col.price')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.col.availability')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.col.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map(({ product, why }) => (
                  <ProductRow
                    key={product.productId}
                    product={product}
                    why={why}
                    country={customer.country}
                    canBuy={who.salesAgent}
                    onBuy={(button) => dialog.openFor(product, button)}
                  />
                ))}
              </TableBody>
            </Table>
          );
        }}
      </Loaded>
      {dialog.item && (
        <BuyDialog
          open={dialog.open}
          product={dialog.item}
          customer={customer}
          focusOnClose={dialog.focusOnClose(focusAfterPurchase)}
          onClose={dialog.close}
          onDone={(sub) => {
            dialog.succeed();
            onBought(sub);
          }}
        />
      )}
    </section>
  );
}

function ProductRow(props: {
  product: Product;
  why: ReturnType<typeof whyUnsellable>;
  country: string;
  canBuy: boolean;
  onBuy: (button: HTMLElement) => void;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const { product, why } = props;
  const trial = product.publisher === 'partner' ? product.offers.find((o) => o.trial)?.trial : undefined;
  return (
    <TableRow data-product={product.productId}>
      <TableCell>{product.name}</TableCell>
      <TableCell>{t(`partner.publisher.${product.publisher}`)}</TableCell>
      <TableCell>
        <span className={s.prices}>
          <OfferPrices product={product} />
        </span>
      </TableCell>
      <TableCell>
        {why ? t(`partner.unavailable.${why}`, { country: props.country }) : t('partner.available')}
        {!why && trial && (
          <>
            <br />
            <Caption1>{t('partner.isvTrial', { days: trial.days })}</Caption1>
          </>
        )}
      </TableCell>
      <TableCell>
        <Button appearance="primary" disabled={Boolean(why) || !props.canBuy} onClick={(e) => props.onBuy(e.currentTarget)}>
          {t('partner.buy')}
        </Button>
      </TableCell>
    </TableRow>
  );
}

/** The product's price per offer; usage-based products are paid as used. */
export function OfferPrices({ product }: { product: Product }) {
  const { t, money } = useI18n();
  if (product.billingType === 'usage') return <span>{t('partner.price.usage')}</span>;
  return (
    <>
      {product.offers.map((o) => (
        <span key={o.billingFrequency}>{t('partner.price.offer', { price: money(o.unitPrice), frequency: t(`frequency.${o.billingFrequency}`) })}</span>
      ))}
    </>
  );
}
