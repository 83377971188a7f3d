// A self-service subscription's payment method (docs/spec.md §10): on an
// Active one it replaces the method for the next charges; on a PastDue one
// what is owed is charged to it at once (402 with the decline code when the
// card is declined); on a Trial it makes the trial convertible.
import { useCallback, useState } from 'react';
import {
  Body1,
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call, type ApiError, type Subscription } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { Modal, useModalBusy } from '../../components/Modal';
import { Refusal } from '../../components/Refusal';
import { ProblemBar } from '../../components/ui';
import { useI18n, type Translate } from '../../i18n';
import { catalog, type MessageKey } from '../../i18n/catalog';
import { useSession } from '../../session';

const FIELD = 'paymentMethodId';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Whether a subscription takes a payment method of its own: self-service, not an add-on, not over. */
export function takesPaymentMethod(sub: Subscription): boolean {
  return sub.channel === 'selfService' && !sub.baseSubscriptionId && ['Trial', 'Active', 'PastDue'].includes(sub.status);
}

/** The label of the button that opens the dialog: "Pay now with another card" when past due. */
export function paymentActionLabel(t: Translate, sub: Subscription): string {
  if (sub.status === 'PastDue') return t('purchases.pay.now');
  return t(sub.hasPaymentMethod ? 'purchases.pay.change' : 'purchases.pay.add');
}

/** A provider's decline code in words, or the code itself when it has none. */
export function declineReason(t: Translate, code: string): string {
  const key = `purchases.decline.${code}`;
  return key in catalog.en ? t(key as MessageKey) : code;
}

/** What a PastDue subscription owes, and when the method on file is tried again. */
export function PastDueFacts({ sub }: { sub: Subscription }) {
  const { t, locale, money, date } = useI18n();
  const due = sub.pastDue;
  if (sub.status !== 'PastDue' || !due) return null;
  const facts = [t('purchases.pay.owed', { amount: money(due.amount), since: date(due.since) })];
  if (due.declineCode) facts.push(t('purchases.pay.lastDecline', { reason: declineReason(t, due.declineCode), code: due.declineCode }));
  if (due.nextRetryAt) facts.push(t('purchases.pay.nextRetry', { date: date(due.nextRetryAt) }));
  // One paragraph: Chinese sentences follow each other without a space.
  return <>{facts.join(locale.startsWith('zh') ? '' : ' ')}</>;
}

interface Props {
  sub: Subscription;
  onClose: () => void;
  /** The subscription as the API answered, and the notice that tells what happened. */
  onDone: (sub: Subscription, notice: string) => void;
}

export function PaymentMethodDialog({ open, focusOnClose, ...props }: Props & { open: boolean; focusOnClose?: () => HTMLElement | null }) {
  return (
    <Modal open={open} onClose={props.onClose} focusOnClose={focusOnClose}>
      <PaymentMethodForm {...props} />
    </Modal>
  );
}

function PaymentMethodForm({ sub, onClose, onDone }: Props) {
  const s = useStyles();
  const { t, money } = useI18n();
  const { tenantId } = useSession();
  const [value, setValue] = useState('');
  const send = useCallback(
    (key: string, paymentMethodId: string) =>
      call(
        api.PUT('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/payment-method', {
          params: { path: { tenantId, subscriptionId: sub.id }, header: { 'Idempotency-Key': key } },
          body: { paymentMethodId },
        }),
      ),
    [tenantId, sub.id],
  );
  const { submit, pending, error, fieldError } = useSubmit(send);
  useModalBusy(pending);
  const owed = sub.status === 'PastDue' ? sub.pastDue?.amount : undefined;

  const save = async () => {
    const updated = await submit(value.trim());
    if (!updated) return;
    onDone(
      updated,
      owed
        ? t('purchases.pay.done.paid', { amount: money(owed), product: sub.productName })
        : t('purchases.pay.done.changed', { product: sub.productName }),
    );
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <DialogBody>
        <DialogTitle>{t(owed ? 'purchases.pay.titlePastDue' : 'purchases.pay.title', { product: sub.productName })}</DialogTitle>
        <DialogContent className={s.content}>
          {owed ? (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t('purchases.pay.pastDueTitle')}</MessageBarTitle>
                <PastDueFacts sub={sub} />
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <Body1>
            {owed
              ? t('purchases.pay.explainPastDue', { amount: money(owed) })
              : t(sub.status === 'Trial' ? 'purchases.pay.explainTrial' : 'purchases.pay.explainActive')}
          </Body1>
          <Field label={t('purchases.pay.field')} required hint={t('purchases.pay.hint')} validationMessage={fieldError(FIELD)}>
            <Input value={value} placeholder="pm_card_visa" autoComplete="off" onChange={(_, d) => setValue(d.value)} />
          </Field>
          <PaymentProblem error={error} />
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" type="submit" disabledFocusable={pending}>
            {pending ? t('common.working') : owed ? t('purchases.pay.submitPastDue', { amount: money(owed) }) : t('common.save')}
          </Button>
          <Button disabledFocusable={pending} onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

/** A declined card in words (with its decline code), a refusal of the policy, or any other problem. */
function PaymentProblem({ error }: { error: ApiError | null }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error.code === 'payment_declined') {
    const code = typeof error.problem.declineCode === 'string' ? error.problem.declineCode : 'generic_decline';
    return (
      <MessageBar intent="error" role="alert" data-code={error.code} data-decline-code={code} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('purchases.pay.declined', { reason: declineReason(t, code) })}</MessageBarTitle>
          {t('purchases.pay.declinedDetail', { code })}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (error.code === 'policy_trials_only') return <Refusal area="purchases" error={error} />;
  return <ProblemBar error={error} shownAtField={[FIELD]} />;
}
