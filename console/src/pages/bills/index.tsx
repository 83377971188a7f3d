// Bills & payments (docs/spec.md §10, §13): the invoices first (PDF, lines),
// then the order history: every charge and credit of the tenant, or a plain
// user's own.
import {
  Link,
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
import { usePaged } from '../../components/paging';
import { Page, PagedList } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href } from '../../router';
import { useSession, useWho } from '../../session';
import { Invoices } from './Invoices';
import { ordersPage, type Order } from './orders';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  table: { tableLayout: 'auto' },
  amount: { whiteSpace: 'nowrap' },
  id: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

export function Bills() {
  const s = useStyles();
  const { t } = useI18n();
  const { tenantId } = useSession();
  const orders = usePaged((cursor) => ordersPage(tenantId, cursor), [tenantId]);
  return (
    <Page title={t('nav.bills')}>
      <Invoices />
      <section className={s.section} aria-labelledby="orders-title">
        <Subtitle1 as="h2" id="orders-title">
          {t('bills.orders')}
        </Subtitle1>
        <PagedList list={orders}>{(items) => <OrdersTable orders={items} />}</PagedList>
      </section>
    </Page>
  );
}

function OrdersTable({ orders }: { orders: Order[] }) {
  const s = useStyles();
  const { t } = useI18n();
  if (orders.length === 0) return <Text>{t('bills.empty')}</Text>;
  return (
    <Table aria-labelledby="orders-title" className={s.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('bills.col.date')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.product')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.subscription')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.kind')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.quantity')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.amount')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.billTo')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {orders.map((o) => (
          <OrderRow key={o.id} order={o} />
        ))}
      </TableBody>
    </Table>
  );
}

function OrderRow({ order }: { order: Order }) {
  const s = useStyles();
  const { t, date, money, number } = useI18n();
  const who = useWho();
  // Admins (and agents for a customer) open subscriptions under "Your products"; users under "My purchases".
  const area = who.admin || who.actingForCustomer ? 'products' : 'purchases';
  const amount = money(order.amount);
  return (
    <TableRow>
      <TableCell>{date(order.at)}</TableCell>
      <TableCell>{order.productName}</TableCell>
      <TableCell>
        <Link href={href(area, order.subscriptionId)} className={s.id}>
          {order.subscriptionId}
        </Link>
      </TableCell>
      <TableCell>{t(`bills.kind.${order.type}`)}</TableCell>
      <TableCell>{number(order.quantity)}</TableCell>
      <TableCell className={s.amount}>{order.type === 'credit' ? t('bills.credit', { amount }) : amount}</TableCell>
      <TableCell>{t(`bills.billTo.${order.billTo.type}`, { id: order.billTo.id })}</TableCell>
    </TableRow>
  );
}
