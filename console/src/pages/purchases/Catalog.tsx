// The products a user can buy for themself: filters, prices, Buy and Start trial.
import { useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
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
import { trialTerms, type Product } from './catalog';
import { PurchaseDialog } from './PurchaseDialog';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  search: { minWidth: '280px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  prices: { display: 'flex', flexDirection: 'column' },
});

/** focusAfterPurchase: what takes the focus once a purchase's dialog is gone. */
export function Catalog({
  onDone,
  focusAfterPurchase,
}: {
  onDone: (s: Subscription, trial: boolean) => void;
  focusAfterPurchase: () => HTMLElement | null;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const [selfServiceOnly, setSelfServiceOnly] = useState(true);
  const [trialOnly, setTrialOnly] = useState(false);
  const [search, setSearch] = useState('');
  const dialog = useDialogFor<{ product: Product; trial: boolean }>();
  const products = useLoad(
    () => call(api.GET('/v1/products', { params: { query: selfServiceOnly ? { selfService: 'true' } : {} } })),
    [selfServiceOnly],
  );

  const shown = (items: Product[]) =>
    items.filter((p) => (!trialOnly || trialTerms(p)) && p.name.toLowerCase().includes(search.trim().toLowerCase()));

  return (
    <section className={s.section} aria-labelledby="catalog-title">
      <Subtitle1 as="h2" id="catalog-title">
        {t('purchases.catalog')}
      </Subtitle1>
      <div className={s.filters}>
        <Field label={t('purchases.filter.search')} className={s.search}>
          <Input type="search" value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
        <Checkbox label={t('purchases.filter.selfService')} checked={selfServiceOnly} onChange={(_, d) => setSelfServiceOnly(d.checked === true)} />
        <Checkbox label={t('purchases.filter.trial')} checked={trialOnly} onChange={(_, d) => setTrialOnly(d.checked === true)} />
      </div>
      <Loaded state={products}>
        {(list) => {
          const items = shown(list.items);
          if (items.length === 0) return <Text>{t('purchases.catalog.empty')}</Text>;
          return (
            <Table aria-labelledby="catalog-title">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('purchases.col.product')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.col.price')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.col.trial')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.col.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((p) => (
                  <ProductRow key={p.productId} product={p} onBuy={(trial, button) => dialog.openFor({ product: p, trial }, button)} />
                ))}
              </TableBody>
            </Table>
          );
        }}
      </Loaded>
      {dialog.item && (
        <PurchaseDialog
          open={dialog.open}
          product={dialog.item.product}
          trial={dialog.item.trial}
          focusOnClose={dialog.focusOnClose(focusAfterPurchase)}
          onClose={dialog.close}
          onDone={(sub) => {
            dialog.succeed();
            onDone(sub, sub.status === 'Trial');
          }}
        />
      )}
    </section>
  );
}

function ProductRow({ product, onBuy }: { product: Product; onBuy: (trial: boolean, button: HTMLElement) => void }) {
  const s = useStyles();
  const { t, money } = useI18n();
  const trial = trialTerms(product);
  return (
    <TableRow data-product={product.productId}>
      <TableCell>{product.name}</TableCell>
      <TableCell>
        <span className={s.prices}>
          {product.offers.map((o) => (
            <span key={o.billingFrequency}>{t(`purchases.per.${o.billingFrequency}`, { price: money(o.unitPrice) })}</span>
          ))}
        </span>
      </TableCell>
      <TableCell>
        {trial
          ? t(trial.requiresPaymentMethod ? 'purchases.trial.withPayment' : 'purchases.trial.days', { days: trial.days })
          : t('purchases.trial.none')}
      </TableCell>
      <TableCell>
        <span className={s.actions}>
          <Button appearance="primary" onClick={(e) => onBuy(false, e.currentTarget)}>
            {t('purchases.buy')}
          </Button>
          {trial && (
            <Button onClick={(e) => onBuy(true, e.currentTarget)}>
              {t('purchases.startTrial')}
            </Button>
          )}
        </span>
      </TableCell>
    </TableRow>
  );
}
