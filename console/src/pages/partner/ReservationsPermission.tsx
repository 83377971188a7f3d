// The reservations customer permission (seed 002, docs/spec.md §5): its
// state, its two prerequisites and which are met, and the switch.
import { useEffect, useRef, type ReactNode } from 'react';
import {
  Body1,
  Caption1,
  Subtitle1,
  Subtitle2,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Filled, QuestionCircle20Regular } from '@fluentui/react-icons';
import { api, call } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { useI18n } from '../../i18n';
import { useWho } from '../../session';
import { AZURE_PLAN, type CustomerState } from './customer';
import { Refusal } from '../../components/Refusal';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyleType: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  text: { display: 'flex', flexDirection: 'column' },
  met: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  unmet: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  unknown: { color: tokens.colorNeutralForeground2, flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

type Met = 'met' | 'unmet' | 'unknown';

export function ReservationsPermission({ state, onChanged }: { state: CustomerState; onChanged: () => void }) {
  const s = useStyles();
  const { t, dateTime } = useI18n();
  const who = useWho();
  const customerId = state.tenant.tenantId;
  const reservations = state.permissions.reservations;
  const change = useSubmit((key: string, enabled: boolean) =>
    call(
      api.PUT('/v1/tenants/{tenantId}/customer-permissions/reservations', {
        params: { path: { tenantId: customerId }, header: { 'Idempotency-Key': key } },
        body: { enabled },
      }),
    ),
  );

  // The switch is disabled while its request runs, which takes its focus: give it back.
  const switchInput = useRef<HTMLInputElement>(null);
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !change.pending) switchInput.current?.focus();
    wasPending.current = change.pending;
  }, [change.pending]);

  const planMet: Met = state.plan ? 'met' : 'unmet';
  const ownerMet: Met = !state.plan ? 'unmet' : state.owners === null ? 'unknown' : state.owners.length > 0 ? 'met' : 'unmet';

  return (
    <section className={s.section} aria-labelledby="permissions-title">
      <Subtitle1 as="h2" id="permissions-title">
        {t('partner.permissions.title')}
      </Subtitle1>
      <Body1>{t('partner.permissions.intro')}</Body1>
      <Subtitle2 as="h3">{t('partner.reservations.title')}</Subtitle2>
      <Body1>{t('partner.reservations.intro')}</Body1>
      <Subtitle2 as="h4" id="prereq-title">
        {t('partner.prereq.title')}
      </Subtitle2>
      <ul className={s.list} aria-labelledby="prereq-title" data-testid="prerequisites">
        <Prerequisite met={planMet} label={t('partner.prereq.plan', { productId: AZURE_PLAN })} testId="prereq-plan">
          {state.plan ? t('partner.prereq.planIs', { id: state.plan.id }) : t('partner.prereq.planMissing')}
        </Prerequisite>
        <Prerequisite met={ownerMet} label={t('partner.prereq.owner')} testId="prereq-owner">
          {!state.plan
            ? t('partner.prereq.ownerNeedsPlan')
            : state.owners === null
              ? t('partner.prereq.ownerUnknown')
              : state.owners.length > 0
                ? t('partner.prereq.ownersAre', { users: state.owners.join(', ') })
                : t('partner.prereq.ownerMissing')}
        </Prerequisite>
      </ul>
      <Switch
        ref={switchInput}
        label={t('partner.reservations.switch')}
        checked={reservations.enabled}
        disabled={change.pending || !who.adminAgent}
        onChange={(_, d) => {
          void change.submit(d.checked).then((out) => out && onChanged());
        }}
      />
      <Text weight="semibold" data-testid="reservations-state">
        {t(reservations.enabled ? 'partner.reservations.isOn' : 'partner.reservations.isOff')}
      </Text>
      {reservations.updatedAt && (
        <Caption1 className={s.muted}>
          {t('partner.reservations.updated', { date: dateTime(reservations.updatedAt), user: reservations.updatedBy ?? '' })}
        </Caption1>
      )}
      {!who.adminAgent && <Caption1 className={s.muted}>{t('partner.reservations.readOnly')}</Caption1>}
      <Refusal area="partner" error={change.error} />
    </section>
  );
}

function Prerequisite({ met, label, testId, children }: { met: Met; label: string; testId: string; children: ReactNode }) {
  const s = useStyles();
  const { t } = useI18n();
  const icon =
    met === 'met' ? (
      <CheckmarkCircle20Filled className={s.met} aria-hidden />
    ) : met === 'unmet' ? (
      <DismissCircle20Filled className={s.unmet} aria-hidden />
    ) : (
      <QuestionCircle20Regular className={s.unknown} aria-hidden />
    );
  return (
    <li className={s.item} data-testid={testId} data-met={met}>
      {icon}
      <span className={s.text}>
        <Text weight="semibold">
          {t('partner.prereq.line', { label, state: t(`partner.prereq.${met}`) })}
        </Text>
        <Caption1>{children}</Caption1>
      </span>
    </li>
  );
}
