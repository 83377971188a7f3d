// Giving a customer user the Owner role on the customer's Azure plan
// subscription: the second prerequisite of the reservations permission.
import { useEffect, useRef, useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, call } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { useI18n } from '../../i18n';
import { useWho } from '../../session';
import type { CustomerState } from './customer';
import { Refusal } from '../../components/Refusal';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  input: { minWidth: '280px' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function OwnerRole({ state, onAssigned }: { state: CustomerState; onAssigned: () => void }) {
  const s = useStyles();
  const { t } = useI18n();
  const who = useWho();
  const [userId, setUserId] = useState('');
  const [assigned, setAssigned] = useState<string | null>(null);
  // The confirmation takes the focus (the emptied form's button no longer can).
  const assignedMessage = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (assigned) assignedMessage.current?.focus();
  }, [assigned]);
  const plan = state.plan;
  const assign = useSubmit((key: string, subscriptionId: string, user: string) =>
    call(
      api.PUT('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/roles/{userId}', {
        params: { path: { tenantId: state.tenant.tenantId, subscriptionId, userId: user }, header: { 'Idempotency-Key': key } },
        body: { role: 'Owner' },
      }),
    ),
  );
  const submit = async () => {
    const user = userId.trim();
    if (!plan || !user) return;
    setAssigned(null);
    const out = await assign.submit(plan.id, user);
    if (out) {
      setAssigned(out.userId);
      setUserId('');
      onAssigned();
    }
  };

  return (
    <section className={s.section} aria-labelledby="owner-title">
      <Subtitle1 as="h2" id="owner-title">
        {t('partner.owner.title')}
      </Subtitle1>
      <Body1>{t('partner.owner.intro')}</Body1>
      {plan ? (
        <form
          className={s.form}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label={t('partner.owner.user')} hint={t('partner.owner.userHint', { id: plan.id })} className={s.input}>
            <Input value={userId} onChange={(_, d) => setUserId(d.value)} />
          </Field>
          <Button type="submit" disabled={!who.adminAgent || !userId.trim()} disabledFocusable={assign.pending}>
            {t('partner.owner.assign')}
          </Button>
        </form>
      ) : (
        <Body1>{t('partner.owner.noPlan')}</Body1>
      )}
      {!who.adminAgent && <Caption1 className={s.muted}>{t('partner.owner.adminAgentOnly')}</Caption1>}
      {assigned && (
        <MessageBar ref={assignedMessage} tabIndex={-1} intent="success" role="status">
          <MessageBarBody>{t('partner.owner.done', { user: assigned })}</MessageBarBody>
        </MessageBar>
      )}
      <Refusal area="partner" error={assign.error} />
    </section>
  );
}
