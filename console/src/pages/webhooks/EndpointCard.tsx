// One webhook endpoint: what it receives, its state, and its actions (test,
// rotate the secret, delete) and deliveries.
import { useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Card,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, KeyResetRegular, SendRegular } from '@fluentui/react-icons';
import type { ApiError } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { EVENT_LABELS, rotateSecret, sendTest, type Endpoint, type EndpointWithSecret } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { Deliveries } from './Deliveries';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  url: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', flexGrow: 1 },
  hint: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'flex-start' },
  action: { display: 'inline-flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

export function EndpointCard({
  endpoint: e,
  onSecret,
  onDelete,
}: {
  endpoint: Endpoint;
  onSecret: (e: EndpointWithSecret) => void;
  /** Asks to delete it (the page confirms: the card goes away with the endpoint). */
  onDelete: (e: Endpoint) => void;
}) {
  const s = useStyles();
  const { t, dateTime } = useI18n();
  const { session, tenantId } = useSession();
  const path = { tenantId, endpointId: e.id };
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [testSent, setTestSent] = useState(false);
  const test = useSubmit((key: string) => sendTest(path, key));
  const rotate = useSubmit((key: string) => rotateSecret(path, key));
  const error: ApiError | null = test.error ?? rotate.error;
  const isOwner = e.owner.userId === session.userId && e.owner.tenantId === session.tenantId;
  const headingId = `endpoint-${e.id}`;
  const ownerReasonId = `rotate-reason-${e.id}`;

  const clearMessages = () => {
    setTestSent(false);
    test.setError(null);
    rotate.setError(null);
  };
  const sendTestEvent = async () => {
    clearMessages();
    if (await test.submit()) {
      setTestSent(true);
      setShowDeliveries(true);
      setRefresh((n) => n + 1);
    }
  };
  const rotateNow = async () => {
    clearMessages();
    const rotated = await rotate.submit();
    setConfirmRotate(false);
    if (rotated) onSecret(rotated);
  };

  return (
    <Card className={s.card} data-testid="endpoint">
      <section aria-labelledby={headingId} className={s.card}>
        <div className={s.header}>
          <Subtitle2 as="h2" id={headingId} className={s.url}>
            {e.url}
          </Subtitle2>
          <Badge appearance="tint" color={e.status === 'enabled' ? 'success' : 'danger'}>
            {t(`webhooks.status.${e.status}`)}
          </Badge>
        </div>
        <Text>{t(`webhooks.scope.${e.owner.scope}`)}</Text>
        <Text>
          {t('webhooks.eventsShown', {
            events: e.eventTypes.length === 0 ? t('webhooks.events.all') : e.eventTypes.map((x) => t(EVENT_LABELS[x])).join(', '),
          })}
        </Text>
        <Caption1 className={s.hint}>{t('webhooks.created', { date: dateTime(e.createdAt), user: e.owner.userId })}</Caption1>
        {e.disabledReason && (
          <MessageBar intent="warning">
            <MessageBarBody>{t(`webhooks.disabled.${e.disabledReason}`)}</MessageBarBody>
          </MessageBar>
        )}
        {e.status === 'enabled' && e.failingSince && (
          <MessageBar intent="warning">
            <MessageBarBody>{t('webhooks.failingSince', { date: dateTime(e.failingSince) })}</MessageBarBody>
          </MessageBar>
        )}
        <ProblemBar error={error} />
        {testSent && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{t('webhooks.testSent', { url: e.url })}</MessageBarBody>
          </MessageBar>
        )}
        <div className={s.actions}>
          <Button icon={<SendRegular />} onClick={() => void sendTestEvent()} disabled={e.status !== 'enabled'} disabledFocusable={test.pending}>
            {test.pending ? t('common.working') : t('webhooks.test')}
          </Button>
          <span className={s.action}>
            <Button
              icon={<KeyResetRegular />}
              onClick={() => setConfirmRotate(true)}
              disabled={!isOwner}
              aria-describedby={isOwner ? undefined : ownerReasonId}
            >
              {t('webhooks.rotate')}
            </Button>
            {!isOwner && (
              <Caption1 id={ownerReasonId} className={s.hint}>
                {t('webhooks.rotate.ownerOnly')}
              </Caption1>
            )}
          </span>
          <Button icon={<DeleteRegular />} onClick={() => onDelete(e)}>
            {t('webhooks.delete')}
          </Button>
          <Button aria-expanded={showDeliveries} onClick={() => setShowDeliveries(!showDeliveries)}>
            {showDeliveries ? t('webhooks.deliveries.hide') : t('webhooks.deliveries.show')}
          </Button>
        </div>
        {showDeliveries && <Deliveries endpoint={e} refresh={refresh} />}
      </section>
      <ConfirmDialog
        open={confirmRotate}
        title={t('webhooks.rotate.title')}
        confirm={t('webhooks.rotate')}
        pending={rotate.pending}
        onConfirm={() => void rotateNow()}
        onCancel={() => setConfirmRotate(false)}
      >
        {t('webhooks.rotate.body', { url: e.url })}
      </ConfirmDialog>
    </Card>
  );
}
