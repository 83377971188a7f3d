// Buying a product or starting its trial: the details, then a review with
// seed 001's notice, then Confirm (one request, one Idempotency-Key).
import { useEffect, useRef, useState } from 'react';
import {
  Body1,
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Subscription } from '../../api/client';
import { Modal } from '../../components/Modal';
import { OFFER_FIELDS, OfferFields, useNewSubscription } from '../../components/NewSubscription';
import { Refusal } from '../../components/Refusal';
import { useI18n } from '../../i18n';
import { useSession, useWho } from '../../session';
import { trialOffers, type Product } from './catalog';
import { Notice } from './Notice';

const FIELDS = [...OFFER_FIELDS, 'paymentMethodId'];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  summary: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0 },
});

interface Props {
  product: Product;
  trial: boolean;
  onClose: () => void;
  onDone: (s: Subscription) => void;
}

export function PurchaseDialog({ open, focusOnClose, ...props }: Props & { open: boolean; focusOnClose: () => HTMLElement | null }) {
  return (
    <Modal open={open} onClose={props.onClose} focusOnClose={focusOnClose}>
      <PurchaseForm {...props} />
    </Modal>
  );
}

function PurchaseForm({ product, trial, onClose, onDone }: Props) {
  const s = useStyles();
  const { t, money } = useI18n();
  const { tenantId } = useSession();
  const who = useWho();
  const buy = useNewSubscription(tenantId, product.productId, trial ? trialOffers(product) : product.offers);
  const [paymentMethodId, setPaymentMethodId] = useState('');
  const [step, setStep] = useState<'details' | 'review'>('details');
  const terms = trial ? buy.offer?.trial : undefined;
  // An admin's purchase is the organization's (central): invoiced, no card needed.
  const paymentRequired = !who.admin && (!trial || Boolean(terms?.requiresPaymentMethod));

  // A problem about one of the inputs brings the details back, with the problem at its input.
  const inputProblem = Boolean(buy.error?.problem.field && FIELDS.includes(buy.error.problem.field));
  const showDetails = step === 'details' || inputProblem;

  // Moving between the steps keeps the focus in the dialog: on the first
  // field of the details, on Confirm in the review.
  const firstField = useRef<HTMLSelectElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const shownBefore = useRef(showDetails);
  useEffect(() => {
    if (shownBefore.current === showDetails) return;
    shownBefore.current = showDetails;
    (showDetails ? firstField.current : confirmButton.current)?.focus();
  }, [showDetails]);

  const confirm = async () => {
    const created = await buy.create({ trial, ...(paymentMethodId.trim() ? { paymentMethodId: paymentMethodId.trim() } : {}) });
    if (created) onDone(created);
  };
  const review = () => {
    buy.setError(null);
    setStep('review');
  };

  const title = t(trial ? 'purchases.dialog.trialTitle' : 'purchases.dialog.buyTitle', { product: product.name });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (showDetails) review();
        else void confirm();
      }}
    >
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={s.form}>
          {showDetails ? (
            <>
              <OfferFields
                sub={buy}
                labels={{ frequency: t('purchases.field.frequency'), quantity: t('purchases.field.quantity') }}
                frequencyRef={firstField}
              />
              <Field
                label={t('purchases.field.paymentMethod')}
                required={paymentRequired}
                hint={t(paymentRequired ? 'purchases.field.paymentMethodHint' : 'purchases.field.paymentMethodOptional')}
                validationMessage={buy.fieldError('paymentMethodId')}
              >
                <Input value={paymentMethodId} placeholder="pm_card_visa" onChange={(_, d) => setPaymentMethodId(d.value)} />
              </Field>
            </>
          ) : (
            <>
              <dl className={s.summary} aria-label={t('purchases.review')}>
                <dt className={s.term}>{t('purchases.summary.product')}</dt>
                <dd className={s.value}>{product.name}</dd>
                <dt className={s.term}>{t('purchases.field.frequency')}</dt>
                <dd className={s.value}>{t(`frequency.${buy.frequency}`)}</dd>
                <dt className={s.term}>{t('purchases.field.quantity')}</dt>
                <dd className={s.value}>{buy.quantity}</dd>
                <dt className={s.term}>{t('purchases.summary.price')}</dt>
                <dd className={s.value}>
                  {terms ? t('purchases.summary.free', { days: terms.days }) : buy.price ? money(buy.price) : '—'}
                </dd>
                <dt className={s.term}>{t('purchases.field.paymentMethod')}</dt>
                <dd className={s.value}>{paymentMethodId.trim() || t('common.none')}</dd>
              </dl>
              <Body1>
                {terms
                  ? terms.requiresPaymentMethod || paymentMethodId.trim()
                    ? t('purchases.summary.trialConverts', { days: terms.days })
                    : t('purchases.summary.trialEnds', { days: terms.days })
                  : t('purchases.summary.renews')}
              </Body1>
              <Notice trial={trial} />
            </>
          )}
          <Refusal area="purchases" error={buy.error} shownAtField={FIELDS} />
        </DialogContent>
        <DialogActions>
          {showDetails ? (
            <Button appearance="primary" type="submit">
              {t('purchases.next')}
            </Button>
          ) : (
            <>
              <Button appearance="secondary" disabledFocusable={buy.pending} onClick={() => setStep('details')}>
                {t('purchases.back')}
              </Button>
              <Button ref={confirmButton} appearance="primary" type="submit" disabledFocusable={buy.pending}>
                {buy.pending ? t('common.working') : t('common.confirm')}
              </Button>
            </>
          )}
          <Button appearance="secondary" disabledFocusable={buy.pending} onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
