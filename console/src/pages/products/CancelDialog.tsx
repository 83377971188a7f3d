// Cancel a subscription: the quote first, then a reason from the admin
// center's picklist and an optional comment (docs/spec.md §4.4, §15).
import { useCallback, useState } from 'react';
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Modal, useModalBusy } from '../../components/Modal';
import { CancellationQuote } from './CancellationQuote';
import { CANCEL_REASONS, type CancelReasonCode, type Versioned } from './subscriptions';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function CancelDialog({ v, open, onClose, onDone }: { v: Versioned; open: boolean; onClose: () => void; onDone: (notice: string) => void }) {
  return (
    <Modal open={open} onClose={onClose}>
      <CancelForm v={v} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}

function CancelForm({ v, onClose, onDone }: { v: Versioned; onClose: () => void; onDone: (notice: string) => void }) {
  const s = useStyles();
  const { t, money, date } = useI18n();
  const { tenantId } = useSession();
  const [reasonCode, setReasonCode] = useState<CancelReasonCode | ''>('');
  const [comment, setComment] = useState('');
  const send = useCallback(
    (key: string, code: CancelReasonCode, text: string) =>
      call(
        api.POST('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/cancel', {
          params: { path: { tenantId, subscriptionId: v.sub.id }, header: { 'Idempotency-Key': key, 'If-Match': v.etag } },
          body: { reasonCode: code, ...(text.trim() ? { reason: text.trim() } : {}) },
        }),
      ),
    [tenantId, v],
  );
  const { submit, pending, error, fieldError } = useSubmit(send);
  useModalBusy(pending);

  const confirm = async () => {
    if (!reasonCode) return;
    const r = await submit(reasonCode, comment);
    if (!r) return;
    const credit = r.credit.amount > 0 ? t('products.quote.credited', { credit: money(r.credit) }) : '';
    onDone(
      r.effect === 'immediate'
        ? `${t('products.notice.cancelled')} ${credit} ${t('products.notice.purchaserTold')}`.trim()
        : `${t('products.notice.cancelScheduled', { date: date(r.termEnd) })} ${t('products.notice.purchaserTold')}`,
    );
  };

  return (
    <>
      <DialogBody>
        <DialogTitle>{t('products.cancel.title', { product: v.sub.productName })}</DialogTitle>
        <DialogContent className={s.content}>
          <CancellationQuote sub={v.sub} />
          <Field label={t('products.cancel.reason')} required validationMessage={fieldError('reasonCode')}>
            <Select value={reasonCode} onChange={(_, d) => setReasonCode(d.value as CancelReasonCode | '')}>
              <option value="" disabled>
                {t('products.cancel.chooseReason')}
              </option>
              {CANCEL_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`products.cancelReason.${r}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('products.cancel.comment')} hint={t('products.cancel.commentHint')} validationMessage={fieldError('reason')}>
            <Textarea value={comment} maxLength={500} onChange={(_, d) => setComment(d.value)} />
          </Field>
          <ProblemBar error={error} shownAtField={['reasonCode', 'reason']} />
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" disabled={!reasonCode} disabledFocusable={pending} onClick={() => void confirm()}>
            {pending ? t('common.working') : t('products.cancel.confirm')}
          </Button>
          <Button disabledFocusable={pending} onClick={onClose}>
            {t('products.cancel.keep')}
          </Button>
        </DialogActions>
      </DialogBody>
    </>
  );
}
