// Change the number of licenses (docs/spec.md §4.6). The API judges the
// value (1..10,000, not below the assigned licenses); its answer is shown
// next to the field.
import { useCallback, useState } from 'react';
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { parseQuantity } from '../../components/NewSubscription';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Modal, useModalBusy } from '../../components/Modal';
import type { Versioned } from './subscriptions';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Problems about the body that the quantity field shows (the form's only member). */
const QUANTITY_CODES = ['invalid_request', 'quantity_below_assigned'];

export function QuantityDialog({ v, open, onClose, onDone }: { v: Versioned; open: boolean; onClose: () => void; onDone: (notice: string) => void }) {
  return (
    <Modal open={open} onClose={onClose}>
      <QuantityForm v={v} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}

function QuantityForm({ v, onClose, onDone }: { v: Versioned; onClose: () => void; onDone: (notice: string) => void }) {
  const s = useStyles();
  const { t, number } = useI18n();
  const { tenantId } = useSession();
  const [value, setValue] = useState(String(v.sub.quantity));
  const send = useCallback(
    (key: string, quantity: number) =>
      call(
        api.PATCH('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}', {
          params: { path: { tenantId, subscriptionId: v.sub.id }, header: { 'Idempotency-Key': key, 'If-Match': v.etag } },
          body: { quantity },
        }),
      ),
    [tenantId, v],
  );
  const { submit, pending, error, fieldError } = useSubmit(send);
  useModalBusy(pending);
  // Until every problem names its field, a body problem of this one-field form is the quantity's.
  const atField = fieldError('quantity') ?? (error && !error.problem.field && QUANTITY_CODES.includes(error.code) ? error.problem.detail : undefined);

  const save = async () => {
    const r = await submit(parseQuantity(value));
    if (r) onDone(t('products.notice.quantity', { quantity: number(r.quantity) }));
  };

  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <DialogBody>
          <DialogTitle>{t('products.quantity.title', { product: v.sub.productName })}</DialogTitle>
          <DialogContent className={s.content}>
            <Text>{t('products.quantity.current', { quantity: number(v.sub.quantity), assigned: number(v.sub.assignedLicenses) })}</Text>
            <Field label={t('products.quantity.label')} hint={t('products.quantity.hint')} validationMessage={atField}>
              <Input type="number" inputMode="numeric" value={value} onChange={(_, d) => setValue(d.value)} />
            </Field>
            {!atField && <ProblemBar error={error} shownAtField={['quantity']} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" type="submit" disabledFocusable={pending}>
              {pending ? t('common.working') : t('common.save')}
            </Button>
            <Button disabledFocusable={pending} onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </form>
    </>
  );
}
