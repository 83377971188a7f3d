// Assign licenses of one subscription to users typed in (id, name, e-mail),
// up to 90 in one request (docs/spec.md §4.7).
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
import { api, call, type Subscription } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Modal, useModalBusy } from '../../components/Modal';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  user: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    alignItems: 'end',
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  field: { flex: '1 1 180px', minWidth: 0 },
});

/** One request assigns at most this many users. */
const MAX_USERS = 90;

interface UserRow {
  id: string;
  name: string;
  email: string;
}

const emptyRow = (): UserRow => ({ id: '', name: '', email: '' });

export function AssignUsersDialog({ sub, open, onClose, onDone }: { sub: Subscription; open: boolean; onClose: () => void; onDone: (assigned: number) => void }) {
  return (
    <Modal open={open} onClose={onClose}>
      <AssignUsersForm sub={sub} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}

function AssignUsersForm({ sub, onClose, onDone }: { sub: Subscription; onClose: () => void; onDone: (assigned: number) => void }) {
  const s = useStyles();
  const { t, number } = useI18n();
  const { tenantId } = useSession();
  const [rows, setRows] = useState<UserRow[]>([emptyRow()]);
  const send = useCallback(
    (key: string, users: UserRow[]) =>
      call(
        api.POST('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses', {
          params: { path: { tenantId, subscriptionId: sub.id }, header: { 'Idempotency-Key': key } },
          body: { users },
        }),
      ),
    [tenantId, sub.id],
  );
  const { submit, pending, error, fieldError } = useSubmit(send);
  // A problem about one user's member shows at that input (users.2.email).
  const at = (i: number, member: string) => fieldError(`users.${i}.${member}`) ?? (i === 0 && member === 'id' ? fieldError('users') : undefined);
  useModalBusy(pending);
  const change = (i: number, field: keyof UserRow, value: string) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
  const filled = rows.filter((r) => r.id.trim() || r.name.trim() || r.email.trim());

  const assign = async () => {
    const users = filled.map((r) => ({ id: r.id.trim(), name: r.name.trim(), email: r.email.trim() }));
    const r = await submit(users);
    if (r) onDone(r.assigned.length);
  };

  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void assign();
        }}
      >
        <DialogBody>
          <DialogTitle>{t('licenses.assign.title', { product: sub.productName })}</DialogTitle>
          <DialogContent className={s.content}>
            <Text>
              {t('licenses.assign.available', {
                available: number(Math.max(0, sub.quantity - sub.assignedLicenses)),
                quantity: number(sub.quantity),
              })}
            </Text>
            {rows.map((r, i) => (
              <fieldset key={i} className={s.user} aria-label={t('licenses.assign.user', { n: i + 1 })}>
                <Field className={s.field} label={t('licenses.assign.userId', { n: i + 1 })} required validationMessage={at(i, 'id')}>
                  <Input value={r.id} onChange={(_, d) => change(i, 'id', d.value)} />
                </Field>
                <Field className={s.field} label={t('licenses.assign.name', { n: i + 1 })} required validationMessage={at(i, 'name')}>
                  <Input value={r.name} onChange={(_, d) => change(i, 'name', d.value)} />
                </Field>
                <Field className={s.field} label={t('licenses.assign.email', { n: i + 1 })} required validationMessage={at(i, 'email')}>
                  <Input type="email" value={r.email} onChange={(_, d) => change(i, 'email', d.value)} />
                </Field>
                <Button
                  disabled={rows.length === 1} disabledFocusable={pending}
                  onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                >
                  {t('licenses.assign.removeRow')}
                </Button>
              </fieldset>
            ))}
            <Button disabled={rows.length >= MAX_USERS} disabledFocusable={pending} onClick={() => setRows((rs) => [...rs, emptyRow()])}>
              {t('licenses.assign.addRow')}
            </Button>
            <ProblemBar error={error} shownAtField={rows.flatMap((_, i) => ['id', 'name', 'email'].map((m) => `users.${i}.${m}`)).concat('users')} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" type="submit" disabled={filled.length === 0} disabledFocusable={pending}>
              {pending ? t('common.working') : t('licenses.assign.confirm')}
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
