// The signed-in user's own subscriptions, each linking to its details page,
// and whether each has a payment method.
import {
  Body1,
  Link,
  Subtitle1,
  Subtitle2,
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
import { usePaged } from '../../components/paging';
import { PagedList, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  note: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderLeft: `4px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

/** reloadKey changes when a purchase was made, to read the list again. */
export function MySubscriptions({ reloadKey }: { reloadKey: number }) {
  const s = useStyles();
  const { t } = useI18n();
  const { session, tenantId } = useSession();
  const subs = usePaged(
    (cursor) =>
      call(
        api.GET('/v1/tenants/{tenantId}/subscriptions', {
          params: { path: { tenantId }, query: { purchaserId: session.userId, limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [tenantId, session.userId],
    [reloadKey],
  );

  return (
    <section className={s.section} aria-labelledby="mine-title">
      <Subtitle1 as="h2" id="mine-title">
        {t('purchases.mine')}
      </Subtitle1>
      <PagedList list={subs}>
        {(items) =>
          items.length === 0 ? (
            <Text>{t('purchases.mine.empty')}</Text>
          ) : (
            <Table aria-labelledby="mine-title" data-testid="my-subscriptions">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('purchases.col.product')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.col.status')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.field.frequency')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.field.quantity')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.col.expires')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.col.price')}</TableHeaderCell>
                  <TableHeaderCell>{t('purchases.field.paymentMethod')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((sub) => (
                  <SubscriptionRow key={sub.id} sub={sub} />
                ))}
              </TableBody>
            </Table>
          )
        }
      </PagedList>
      <aside className={s.note} aria-labelledby="payment-note-title">
        <Subtitle2 as="h3" id="payment-note-title">
          {t('purchases.payment.title')}
        </Subtitle2>
        <Body1>{t('purchases.payment.note')}</Body1>
      </aside>
    </section>
  );
}

function SubscriptionRow({ sub }: { sub: Subscription }) {
  const { t, date, money } = useI18n();
  return (
    <TableRow data-subscription={sub.id}>
      <TableCell>
        <Link href={href('purchases', sub.id)}>{sub.productName}</Link>
      </TableCell>
      <TableCell>
        <StatusBadge status={sub.status} />
      </TableCell>
      <TableCell>{t(`frequency.${sub.billingFrequency}`)}</TableCell>
      <TableCell>{sub.quantity}</TableCell>
      <TableCell>
        {sub.status === 'Trial' && sub.trialEndsAt ? t('purchases.trialEnds', { date: date(sub.trialEndsAt) }) : date(sub.termEnd)}
      </TableCell>
      <TableCell>{sub.status === 'Trial' ? t('purchases.free') : money(sub.price)}</TableCell>
      <TableCell>{t(sub.hasPaymentMethod ? 'purchases.payment.onFile' : 'purchases.payment.none')}</TableCell>
    </TableRow>
  );
}
