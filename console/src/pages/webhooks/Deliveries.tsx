// An endpoint's deliveries (ListDeliveries), newest first, with a manual
// retry of those not yet delivered (RetryDelivery).
import { useRef, useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
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
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { ApiError } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { usePaged } from '../../components/paging';
import { PagedList, ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { EVENT_LABELS, deliveriesPage, retryDelivery, type Delivery, type Endpoint } from './api';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  cell: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', paddingBlock: tokens.spacingVerticalXS },
  hint: { color: tokens.colorNeutralForeground2 },
});

const statusColor = { pending: 'warning', succeeded: 'success', failed: 'danger', cancelled: 'subtle' } as const;

export function Deliveries({ endpoint, refresh }: { endpoint: Endpoint; refresh: number }) {
  const s = useStyles();
  const { t } = useI18n();
  const { tenantId } = useSession();
  const path = { tenantId, endpointId: endpoint.id };
  const list = usePaged((cursor) => deliveriesPage(path, cursor), [tenantId, endpoint.id, refresh]);
  const [notice, setNotice] = useState<{ error?: ApiError; done?: string } | null>(null);
  const headingId = `deliveries-${endpoint.id}`;
  // After a retry succeeds its button goes away: focus moves to the list, not to the page's body.
  const panel = useRef<HTMLElement>(null);
  return (
    <section className={s.panel} aria-labelledby={headingId} data-testid="deliveries" ref={panel} tabIndex={-1}>
      <div className={s.header}>
        <Subtitle2 as="h3" id={headingId} className={s.grow}>
          {t('webhooks.deliveries', { url: endpoint.url })}
        </Subtitle2>
        <Button icon={<ArrowClockwiseRegular />} onClick={list.reload} disabledFocusable={list.loading}>
          {t('common.refresh')}
        </Button>
      </div>
      <ProblemBar error={notice?.error} />
      {notice?.done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice.done}</MessageBarBody>
        </MessageBar>
      )}
      <PagedList list={list}>
        {(items) =>
          items.length === 0 ? (
            <Text>{t('webhooks.deliveries.empty')}</Text>
          ) : (
            <Table aria-labelledby={headingId} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('webhooks.col.time')}</TableHeaderCell>
                  <TableHeaderCell>{t('webhooks.col.event')}</TableHeaderCell>
                  <TableHeaderCell>{t('webhooks.col.status')}</TableHeaderCell>
                  <TableHeaderCell>{t('webhooks.col.attempts')}</TableHeaderCell>
                  <TableHeaderCell>{t('webhooks.col.response')}</TableHeaderCell>
                  <TableHeaderCell>{t('webhooks.col.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((d) => (
                  <DeliveryRow
                    key={d.id}
                    delivery={d}
                    endpointId={endpoint.id}
                    onRetrying={() => setNotice(null)}
                    onRetried={(done) => {
                      panel.current?.focus();
                      setNotice({ done });
                      list.reload();
                    }}
                    onFailed={(error) => setNotice({ error })}
                  />
                ))}
              </TableBody>
            </Table>
          )
        }
      </PagedList>
    </section>
  );
}

function DeliveryRow({
  delivery: d,
  endpointId,
  onRetrying,
  onRetried,
  onFailed,
}: {
  delivery: Delivery;
  endpointId: string;
  onRetrying: () => void;
  onRetried: (result: string) => void;
  onFailed: (e: ApiError) => void;
}) {
  const s = useStyles();
  const { t, dateTime, number } = useI18n();
  const { tenantId } = useSession();
  const lastResponse = useLastResponse();
  const retry = useSubmit((key: string) => retryDelivery({ tenantId, endpointId, deliveryId: d.id }, key), onFailed);
  const retryNow = async () => {
    onRetrying();
    const after = await retry.submit();
    if (after) onRetried(t('webhooks.retried', { event: t(EVENT_LABELS[d.eventType]), result: lastResponse(after) }));
  };
  const canRetry = d.status === 'failed' || d.status === 'pending';
  return (
    <TableRow data-status={d.status} data-event={d.eventType}>
      <TableCell>{dateTime(d.createdAt)}</TableCell>
      <TableCell>
        <span className={s.cell}>
          <Text>{t(EVENT_LABELS[d.eventType])}</Text>
          <Caption1 className={s.hint}>{d.eventType}</Caption1>
        </span>
      </TableCell>
      <TableCell>
        <span className={s.cell}>
          <Badge appearance="tint" color={statusColor[d.status]}>
            {t(`webhooks.delivery.${d.status}`)}
          </Badge>
          {d.status === 'pending' && d.nextAttemptAt && (
            <Caption1 className={s.hint}>{t('webhooks.nextAttempt', { date: dateTime(d.nextAttemptAt) })}</Caption1>
          )}
        </span>
      </TableCell>
      <TableCell>{number(d.attempts.length)}</TableCell>
      <TableCell>{lastResponse(d)}</TableCell>
      <TableCell>
        {canRetry && (
          <Button size="small" onClick={() => void retryNow()} disabledFocusable={retry.pending}>
            {retry.pending ? t('common.working') : t('webhooks.retry')}
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

/** A delivery's last attempt in words: its HTTP status, or why no response came. */
function useLastResponse() {
  const { t } = useI18n();
  return (d: Delivery): string => {
    const a = d.attempts[d.attempts.length - 1];
    if (!a) return t('webhooks.response.none');
    if (a.httpStatus !== undefined) return t('webhooks.response.http', { status: a.httpStatus, ms: a.durationMs });
    return a.error ?? t('webhooks.response.none');
  };
}
