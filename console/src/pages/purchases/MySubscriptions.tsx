// The signed-in user's own subscriptions, each linking to its details page,
// whether each has a payment method, and the dialog that changes it (the
// obvious action on a past-due one: pay now with another card).
import { useRef, useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
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
import { useDialogFor } from '../../components/Modal';
import { usePaged } from '../../components/paging';
import { PagedList, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { PaymentMethodDialog, paymentActionLabel, takesPaymentMethod } from './PaymentMethodDialog';

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
  status: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

/** reloadKey changes when a purchase was made, to read the list again. */
export function MySubscriptions({ reloadKey }: { reloadKey: number }) {
  const s = useStyles();
  const { t } = useI18n();
  const { session, tenantId } = useSession();
  const [changed, setChanged] = useState<{ notice: string; count: number } | null>(null);
  const dialog = useDialogFor<Subscription>();
  // After a change the focus goes to its confirmation (the dialog that had it is gone).
  const changedMessage = useRef<HTMLDivElement>(null);
  const subs = usePaged(
    (cursor) =>
      call(
        api.GET('/v1/tenants/{tenantId}/subscriptions', {
          params: { path: { tenantId }, query: { purchaserId: session.userId, limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [tenantId, session.userId],
    [reloadKey, changed?.count ?? 0],
  );

  return (
    <section className={s.section} aria-labelledby="mine-title">
      <Subtitle1 as="h2" id="mine-title">
        {t('purchases.mine')}
      </Subtitle1>
      {changed && (
        <MessageBar ref={changedMessage} tabIndex={-1} intent="success" role="status">
          <MessageBarBody>{changed.notice}</MessageBarBody>
        </MessageBar>
      )}
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
                  <TableHeaderCell>{t('purchases.col.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((sub) => (
                  <SubscriptionRow key={sub.id} sub={sub} onPaymentMethod={(button) => dialog.openFor(sub, button)} />
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
      {dialog.item && (
        <PaymentMethodDialog
          open={dialog.open}
          sub={dialog.item}
          focusOnClose={dialog.focusOnClose(() => changedMessage.current)}
          onClose={dialog.close}
          onDone={(_, notice) => {
            dialog.succeed();
            setChanged({ notice, count: (changed?.count ?? 0) + 1 });
          }}
        />
      )}
    </section>
  );
}

function SubscriptionRow({ sub, onPaymentMethod }: { sub: Subscription; onPaymentMethod: (button: HTMLElement) => void }) {
  const s = useStyles();
  const { t, date, money } = useI18n();
  // A subscription an admin took over is theirs to manage now.
  const canPay = takesPaymentMethod(sub) && !sub.takenOver;
  return (
    <TableRow data-subscription={sub.id}>
      <TableCell>
        <Link href={href('purchases', sub.id)}>{sub.productName}</Link>
      </TableCell>
      <TableCell>
        <span className={s.status}>
          <StatusBadge status={sub.status} />
          {sub.status === 'PastDue' && sub.pastDue && <Caption1>{t('purchases.pay.owes', { amount: money(sub.pastDue.amount) })}</Caption1>}
        </span>
      </TableCell>
      <TableCell>{t(`frequency.${sub.billingFrequency}`)}</TableCell>
      <TableCell>{sub.quantity}</TableCell>
      <TableCell>
        {sub.status === 'Trial' && sub.trialEndsAt ? t('purchases.trialEnds', { date: date(sub.trialEndsAt) }) : date(sub.termEnd)}
      </TableCell>
      <TableCell>{sub.status === 'Trial' ? t('purchases.free') : money(sub.price)}</TableCell>
      <TableCell>{t(sub.hasPaymentMethod ? 'purchases.payment.onFile' : 'purchases.payment.none')}</TableCell>
      <TableCell>
        {canPay && (
          <Button size="small" appearance={sub.status === 'PastDue' ? 'primary' : 'secondary'} onClick={(e) => onPaymentMethod(e.currentTarget)}>
            {paymentActionLabel(t, sub)}
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
