// One subscription in words, what cancelling it now would do, and the
// actions its allowedActions permit (docs/spec.md §4, §13).
import { useCallback, useId, useState, type ReactNode } from 'react';
import {
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call, type Subscription } from '../../api/client';
import { useLoad, useSubmit } from '../../components/hooks';
import { Loaded, Page, ProblemBar, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href, useRoute } from '../../router';
import { useSession, useWho } from '../../session';
import { AssignUsersDialog } from '../licenses/AssignUsersDialog';
import { PastDueFacts, PaymentMethodDialog, paymentActionLabel, takesPaymentMethod } from '../purchases/PaymentMethodDialog';
import { CancelDialog } from './CancelDialog';
import { CancellationQuote } from './CancellationQuote';
import { MoveUsersDialog } from './MoveUsersDialog';
import { QuantityDialog } from './QuantityDialog';
import { ActionButton } from '../../components/ui';
import { getSubscription, type Versioned } from './subscriptions';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(180px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  pair: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-start' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  immediate: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  action: { display: 'inline-flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, alignItems: 'flex-start' },
  reason: { color: tokens.colorNeutralForeground2 },
});

type Open = 'cancel' | 'quantity' | 'move' | 'assign' | 'payment' | null;

export function SubscriptionPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const { segments } = useRoute();
  const area = segments[0] === 'purchases' ? 'purchases' : 'products';
  const state = useLoad(() => getSubscription(tenantId, id), [tenantId, id]);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page title={state.data?.sub.productName ?? t('products.details.title')} actions={state.data && <StatusBadge status={state.data.sub.status} />}>
      <Link href={href(area)}>{t(area === 'purchases' ? 'products.details.backPurchases' : 'products.details.back')}</Link>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Loaded state={state}>
        {(v) => (
          <SubscriptionView
            v={v}
            onChanged={(message) => {
              setNotice(message);
              state.reload();
            }}
          />
        )}
      </Loaded>
    </Page>
  );
}

function SubscriptionView({ v, onChanged }: { v: Versioned; onChanged: (notice: string) => void }) {
  const s = useStyles();
  const { t, number } = useI18n();
  const [open, setOpen] = useState<Open>(null);
  const close = useCallback(() => setOpen(null), []);
  const done = (notice: string) => {
    setOpen(null);
    onChanged(notice);
  };
  const { sub } = v;
  const pastDue = takesPaymentMethod(sub) && sub.status === 'PastDue';
  return (
    <>
      {pastDue && (
        <MessageBar intent="warning" layout="multiline" data-testid="past-due">
          <MessageBarBody>
            <MessageBarTitle>{t('purchases.pay.pastDueTitle')}</MessageBarTitle>
            <PastDueFacts sub={sub} />
          </MessageBarBody>
          <MessageBarActions>
            <PaymentMethodButton sub={sub} appearance="primary" onClick={() => setOpen('payment')} />
          </MessageBarActions>
        </MessageBar>
      )}
      <Facts sub={sub} />
      <CancellationQuote sub={sub} />
      <section className={s.section} aria-labelledby="subscription-actions">
        <Subtitle2 as="h2" id="subscription-actions">
          {t('products.details.actions')}
        </Subtitle2>
        <div className={s.actions}>
          {sub.channel === 'selfService' && <TakeOverButton v={v} onDone={done} />}
          <ActionButton actions={sub.allowedActions} action="moveUsers" onClick={() => setOpen('move')} />
          <ActionButton actions={sub.allowedActions} action="assignLicenses" onClick={() => setOpen('assign')} />
          <ActionButton actions={sub.allowedActions} action="changeQuantity" onClick={() => setOpen('quantity')} />
          <AutoRenewButton v={v} onDone={done} />
          {!pastDue && <PaymentMethodButton sub={sub} onClick={() => setOpen('payment')} />}
          <ActionButton actions={sub.allowedActions} action="cancel" appearance="primary" onClick={() => setOpen('cancel')} />
        </div>
      </section>
      <CancelDialog v={v} open={open === 'cancel'} onClose={close} onDone={done} />
      <QuantityDialog v={v} open={open === 'quantity'} onClose={close} onDone={done} />
      <MoveUsersDialog v={v} open={open === 'move'} onClose={close} onDone={done} />
      <PaymentMethodDialog sub={sub} open={open === 'payment'} onClose={close} onDone={(_, notice) => done(notice)} />
      <AssignUsersDialog sub={sub} open={open === 'assign'} onClose={close} onDone={(n) => done(t('products.notice.assigned', { count: number(n) }))} />
    </>
  );
}

/**
 * Who may give the subscription a payment method: its manager (the purchaser
 * until an admin takes it over, the admins after). An admin must take it
 * over first; anyone else isn't offered it.
 */
function usePaymentAccess(sub: Subscription): 'manager' | 'takeOverFirst' | 'none' {
  const { session } = useSession();
  const who = useWho();
  if (!takesPaymentMethod(sub)) return 'none';
  const purchaser = who.member && session.userId === sub.purchaser.userId;
  if (sub.takenOver ? who.admin : purchaser) return 'manager';
  return !sub.takenOver && who.admin ? 'takeOverFirst' : 'none';
}

/** Opens the payment-method dialog; disabled, with the reason, for an admin who must take over first. */
function PaymentMethodButton({ sub, appearance, onClick }: { sub: Subscription; appearance?: 'primary'; onClick: () => void }) {
  const s = useStyles();
  const { t } = useI18n();
  const access = usePaymentAccess(sub);
  const reasonId = useId();
  if (access === 'none') return null;
  const allowed = access === 'manager';
  return (
    <span className={s.action}>
      <Button appearance={appearance} onClick={onClick} disabled={!allowed} aria-describedby={allowed ? undefined : reasonId} data-action="paymentMethod">
        {paymentActionLabel(t, sub)}
      </Button>
      {!allowed && (
        <Caption1 id={reasonId} className={s.reason} data-reason="takeover_required">
          {t('common.notAllowed', { reason: t('reason.takeover_required') })}
        </Caption1>
      )}
    </span>
  );
}

/** Every field of the subscription, in words. */
function Facts({ sub }: { sub: Subscription }) {
  const s = useStyles();
  const { t, money, date, dateTime, number } = useI18n();
  const rows: [string, ReactNode][] = [
    [t('products.field.status'), <StatusBadge key="status" status={sub.status} />],
    [t('products.field.channel'), t(`channel.${sub.channel}`)],
    [t('products.field.purchaser'), sub.purchaser.email ? `${sub.purchaser.name ?? sub.purchaser.userId} (${sub.purchaser.email})` : (sub.purchaser.name ?? sub.purchaser.userId)],
    [t('products.field.quantity'), number(sub.quantity)],
    [t('products.field.assigned'), number(sub.assignedLicenses)],
    [t('products.field.frequency'), t(`frequency.${sub.billingFrequency}`)],
    [t('products.field.price'), t('products.details.pricePerTerm', { price: money(sub.price), unit: money(sub.unitPrice) })],
    [t('products.field.created'), dateTime(sub.createdAt)],
    [t('products.field.termStart'), date(sub.termStart)],
    [t('products.field.termEnd'), date(sub.termEnd)],
  ];
  if (sub.trialEndsAt) rows.push([t('products.field.trialEnds'), date(sub.trialEndsAt)]);
  if (sub.billingType === 'license') {
    rows.push([t('products.field.refundableUntil'), sub.refundableUntil ? dateTime(sub.refundableUntil) : t('common.none')]);
  }
  rows.push(
    [t('products.field.autoRenew'), t(sub.autoRenew ? 'products.details.on' : 'products.details.off')],
    [t('products.field.cancelAtTermEnd'), sub.cancelAtTermEnd ? t('products.details.cancelAtTermEndYes', { date: date(sub.termEnd) }) : t('common.no')],
    [t('products.field.paymentMethod'), t(sub.hasPaymentMethod ? 'products.details.paymentOnFile' : 'products.details.paymentNone')],
  );
  if (sub.pastDue) {
    rows.push([t('products.field.pastDue'), t('products.details.pastDue', { amount: money(sub.pastDue.amount), since: date(sub.pastDue.since) })]);
    if (sub.pastDue.nextRetryAt) rows.push([t('products.field.nextRetry'), dateTime(sub.pastDue.nextRetryAt)]);
  }
  if (sub.suspendedAt) rows.push([t('products.field.suspendedAt'), dateTime(sub.suspendedAt)]);
  if (sub.suspensionReason) rows.push([t('products.field.suspensionReason'), t(`products.suspension.${sub.suspensionReason}`)]);
  if (sub.dataDeletionAt) rows.push([t('products.field.dataDeletionAt'), dateTime(sub.dataDeletionAt)]);
  if (sub.cancelledAt) rows.push([t('products.field.cancelledAt'), dateTime(sub.cancelledAt)]);
  if (sub.cancellationReasonCode || sub.cancellationReason) rows.push([t('products.field.cancellationReason'), <CancellationReason key="reason" sub={sub} />]);
  if (sub.takenOver) rows.push([t('products.field.takenOver'), t('products.details.takenOverBy', { by: sub.takenOver.by, at: dateTime(sub.takenOver.at) })]);
  if (sub.movingTo) rows.push([t('products.field.movingTo'), <Link key="moving" href={href('products', sub.movingTo)}>{sub.movingTo}</Link>]);
  if (sub.baseSubscriptionId) rows.push([t('products.field.base'), <Link key="base" href={href('products', sub.baseSubscriptionId)}>{sub.baseSubscriptionId}</Link>]);
  rows.push([t('products.field.id'), sub.id]);
  return (
    <dl className={s.facts}>
      {rows.map(([term, value]) => (
        <div key={term} className={s.pair}>
          <dt className={s.term}>{term}</dt>
          <dd className={s.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function CancellationReason({ sub }: { sub: Subscription }) {
  const { t } = useI18n();
  if (sub.cancellationReason === 'usersMoved') return <>{t('products.cancelReason.usersMoved')}</>;
  const code = sub.cancellationReasonCode ? t(`products.cancelReason.${sub.cancellationReasonCode}`) : '';
  const text = sub.cancellationReason && sub.cancellationReason !== sub.cancellationReasonCode ? sub.cancellationReason : '';
  return <>{code && text ? `${code} — ${text}` : code || text}</>;
}

/** An action sent at once: a button while idle, a disabled "working" one while it runs. */
function ImmediateAction({
  v,
  action,
  label,
  send,
  onDone,
}: {
  v: Versioned;
  action: 'takeOver' | 'setAutoRenew';
  label?: string;
  send: (key: string) => Promise<string>;
  onDone: (notice: string) => void;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const { submit, pending, error } = useSubmit(send);
  return (
    <div className={s.immediate}>
      <ActionButton
        actions={v.sub.allowedActions}
        action={action}
        label={pending ? t('common.working') : label}
        disabled={pending}
        onClick={async () => {
          const notice = await submit();
          if (notice) onDone(notice);
        }}
      />
      <ProblemBar error={error} />
    </div>
  );
}

function TakeOverButton({ v, onDone }: { v: Versioned; onDone: (notice: string) => void }) {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const send = useCallback(
    async (key: string) => {
      await call(
        api.POST('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/takeover', {
          params: { path: { tenantId, subscriptionId: v.sub.id }, header: { 'Idempotency-Key': key, 'If-Match': v.etag } },
        }),
      );
      return t('products.notice.takenOver');
    },
    [tenantId, v, t],
  );
  return <ImmediateAction v={v} action="takeOver" send={send} onDone={onDone} />;
}

function AutoRenewButton({ v, onDone }: { v: Versioned; onDone: (notice: string) => void }) {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const turnOn = !v.sub.autoRenew;
  const send = useCallback(
    async (key: string) => {
      await call(
        api.PATCH('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}', {
          params: { path: { tenantId, subscriptionId: v.sub.id }, header: { 'Idempotency-Key': key, 'If-Match': v.etag } },
          body: { autoRenew: turnOn },
        }),
      );
      return t(turnOn ? 'products.notice.autoRenewOn' : 'products.notice.autoRenewOff');
    },
    [tenantId, v, turnOn, t],
  );
  return (
    <ImmediateAction
      v={v}
      action="setAutoRenew"
      label={t(turnOn ? 'products.action.autoRenewOn' : 'products.action.autoRenewOff')}
      send={send}
      onDone={onDone}
    />
  );
}
