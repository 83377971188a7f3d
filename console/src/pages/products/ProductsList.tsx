// Billing > Your products: every subscription of the tenant (a purchaser:
// their own), with the admin center's columns and filters (docs/spec.md §4.7).
import { useEffect, useState } from 'react';
import {
  Caption1,
  Field,
  Input,
  Link,
  Select,
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
import { usePaged } from '../../components/paging';
import { Page, PagedList, ProblemBar, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href } from '../../router';
import { useSession, useWho } from '../../session';
import { CHANNELS, STATUSES, listSubscriptions, type Channel, type Status } from './subscriptions';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-end' },
  filter: { minWidth: '200px' },
  number: { textAlign: 'end', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
});

/** A text filter applied once the user stops typing. */
function useSettled(value: string, delayMs = 400): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export function Products() {
  const s = useStyles();
  const { t } = useI18n();
  const { session, tenantId } = useSession();
  const who = useWho();
  const ownOnly = who.member && !who.admin; // a purchaser sees only what they bought
  const [channel, setChannel] = useState<Channel | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const [productId, setProductId] = useState('');
  const [purchaserText, setPurchaserText] = useState('');
  const purchaser = useSettled(purchaserText);
  const products = useLoad(() => call(api.GET('/v1/products')), []);
  const filters = {
    channel: channel || undefined,
    status: status || undefined,
    productId: productId || undefined,
    purchaserId: ownOnly ? session.userId : purchaser || undefined,
  };
  // The pages of the list loaded so far, started again when the filters change.
  const list = usePaged(
    (cursor) => listSubscriptions(tenantId, filters, cursor),
    [tenantId, filters.channel, filters.status, filters.productId, filters.purchaserId],
  );

  return (
    <Page title={t('nav.products')}>
      <Text>{t(ownOnly ? 'products.list.introOwn' : 'products.list.intro')}</Text>
      <div className={s.filters} role="search" aria-label={t('products.filter.label')}>
        <Field label={t('products.filter.channel')} className={s.filter}>
          <Select value={channel} onChange={(_, d) => setChannel(d.value as Channel | '')}>
            <option value="">{t('common.all')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('products.filter.status')} className={s.filter}>
          <Select value={status} onChange={(_, d) => setStatus(d.value as Status | '')}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((x) => (
              <option key={x} value={x}>
                {t(`status.${x}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('products.filter.product')} className={s.filter}>
          <Select value={productId} onChange={(_, d) => setProductId(d.value)}>
            <option value="">{t('common.all')}</option>
            {products.data?.items.map((p) => (
              <option key={p.productId} value={p.productId}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        {!ownOnly && (
          <Field label={t('products.filter.purchaser')} hint={t('products.filter.purchaserHint')} className={s.filter}>
            <Input value={purchaserText} onChange={(_, d) => setPurchaserText(d.value)} />
          </Field>
        )}
      </div>
      <ProblemBar error={products.error} />
      <PagedList list={list}>
        {(items) => (items.length === 0 ? <Text>{t('products.list.empty')}</Text> : <SubscriptionsTable items={items} />)}
      </PagedList>
    </Page>
  );
}

function SubscriptionsTable({ items }: { items: Subscription[] }) {
  const s = useStyles();
  const { t, money, date, number } = useI18n();
  return (
    <Table aria-label={t('products.list.table')} size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('products.col.product')}</TableHeaderCell>
          <TableHeaderCell>{t('products.col.purchaser')}</TableHeaderCell>
          <TableHeaderCell className={s.number}>{t('products.col.quantity')}</TableHeaderCell>
          <TableHeaderCell>{t('products.col.expiration')}</TableHeaderCell>
          <TableHeaderCell>{t('products.col.price')}</TableHeaderCell>
          <TableHeaderCell className={s.number}>{t('products.col.assigned')}</TableHeaderCell>
          <TableHeaderCell>{t('products.col.status')}</TableHeaderCell>
          <TableHeaderCell>{t('products.col.channel')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((sub) => (
          <TableRow key={sub.id} data-testid={`subscription-${sub.id}`}>
            <TableCell>
              <Link href={href('products', sub.id)}>{sub.productName}</Link>
            </TableCell>
            <TableCell>{sub.purchaser.name || sub.purchaser.userId}</TableCell>
            <TableCell className={s.number}>{number(sub.quantity)}</TableCell>
            <TableCell>{date(sub.termEnd)}</TableCell>
            <TableCell>
              {money(sub.price)}
              <Caption1 block>{t(`frequency.${sub.billingFrequency}`)}</Caption1>
            </TableCell>
            <TableCell className={s.number}>{number(sub.assignedLicenses)}</TableCell>
            <TableCell>
              <StatusBadge status={sub.status} />
            </TableCell>
            <TableCell>{t(`channel.${sub.channel}`)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
