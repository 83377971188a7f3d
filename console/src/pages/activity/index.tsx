// Activity log (docs/spec.md §6): every change of the tenant, newest first,
// by date range, with the values before and after.
import { Fragment, useState } from 'react';
import {
  Button,
  Field,
  Input,
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
import { api, call, type Schemas } from '../../api/client';
import { usePaged } from '../../components/paging';
import { Page, PagedList } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { messages } from './messages';

type Activity = Schemas['Activity'];
type ActivityKey = keyof typeof messages.en;

function isActivityKey(k: string): k is ActivityKey {
  return k in messages.en;
}

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  range: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  hint: { color: tokens.colorNeutralForeground2 },
  details: { backgroundColor: tokens.colorNeutralBackground2, padding: tokens.spacingHorizontalM },
  value: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
});

/** The API's range bounds (RFC 3339) for the days chosen (UTC), whole days included. */
function rangeQuery(from: string, to: string): { from?: string; to?: string } {
  return {
    ...(from ? { from: `${from}T00:00:00Z` } : {}),
    ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
  };
}

export function Activity() {
  const s = useStyles();
  const { t } = useI18n();
  const { tenantId } = useSession();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const log = usePaged(
    (cursor) =>
      call(
        api.GET('/v1/tenants/{tenantId}/activity', {
          params: { path: { tenantId }, query: { ...rangeQuery(from, to), limit: 50, cursor } },
        }),
      ),
    [tenantId, from, to],
  );
  return (
    <Page title={t('nav.activity')}>
      <Text>{t('activity.intro')}</Text>
      <div role="group" aria-labelledby="activity-range" className={s.range}>
        <Text id="activity-range" weight="semibold">
          {t('activity.range')}
        </Text>
        <Field label={t('common.from')}>
          <Input type="date" value={from} max={to || undefined} onChange={(_, d) => setFrom(d.value)} />
        </Field>
        <Field label={t('common.to')}>
          <Input type="date" value={to} min={from || undefined} onChange={(_, d) => setTo(d.value)} />
        </Field>
        <Button
          onClick={() => {
            setFrom('');
            setTo('');
          }}
          disabledFocusable={!from && !to}
        >
          {t('activity.clear')}
        </Button>
      </div>
      <Text className={s.hint}>{t('activity.rangeHint')}</Text>
      <PagedList list={log}>{(items) => <ActivityTable items={items} />}</PagedList>
    </Page>
  );
}

function ActivityTable({ items }: { items: Activity[] }) {
  const s = useStyles();
  const { t } = useI18n();
  if (items.length === 0) return <Text role="status">{t('activity.empty')}</Text>;
  return (
    <Table aria-label={t('activity.table')} className={s.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('activity.col.date')}</TableHeaderCell>
          <TableHeaderCell>{t('activity.col.actor')}</TableHeaderCell>
          <TableHeaderCell>{t('activity.col.operation')}</TableHeaderCell>
          <TableHeaderCell>{t('activity.col.target')}</TableHeaderCell>
          <TableHeaderCell>{t('common.details')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((a) => (
          <ActivityRow key={a.id} activity={a} />
        ))}
      </TableBody>
    </Table>
  );
}

function ActivityRow({ activity: a }: { activity: Activity }) {
  const s = useStyles();
  const { t, dateTime } = useI18n();
  const { tenantId } = useSession();
  const [open, setOpen] = useState(false);
  const detailsId = `activity-details-${a.id}`;
  const opKey = `activity.op.${a.operation}`;
  const targetKey = `activity.target.${a.targetType}`;
  return (
    <Fragment>
      <TableRow data-operation={a.operation}>
        <TableCell>{dateTime(a.at)}</TableCell>
        <TableCell>{actorName(a.actor, tenantId, t)}</TableCell>
        <TableCell>{isActivityKey(opKey) ? t(opKey) : a.operation}</TableCell>
        <TableCell>{isActivityKey(targetKey) ? t(targetKey, { id: a.targetId }) : `${a.targetType} ${a.targetId}`}</TableCell>
        <TableCell>
          <Button size="small" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
            {open ? t('activity.hide') : t('activity.show')}
          </Button>
        </TableCell>
      </TableRow>
      {open && (
        <TableRow id={detailsId}>
          <TableCell colSpan={5} className={s.details}>
            <Changes before={a.before} after={a.after} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

function actorName(actor: Schemas['Actor'], tenantId: string, t: ReturnType<typeof useI18n>['t']): string {
  if (actor.system) return t('activity.system', { process: actor.system.replace(/^system:/, '') });
  const user = actor.userId ?? '';
  return actor.tenantId && actor.tenantId !== tenantId ? t('activity.actorOf', { user, tenant: actor.tenantId }) : user;
}

type Values = Record<string, unknown> | undefined;

/** The changed fields, each with its value before and after. */
function Changes({ before, after }: { before: Values; after: Values }) {
  const s = useStyles();
  const { t } = useI18n();
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  if (fields.length === 0) return <Text>{t('activity.noValues')}</Text>;
  return (
    <Table size="small" aria-label={t('common.details')}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('activity.col.field')}</TableHeaderCell>
          <TableHeaderCell>{t('activity.before')}</TableHeaderCell>
          <TableHeaderCell>{t('activity.after')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {fields.map((f) => (
          <TableRow key={f}>
            <TableCell className={s.value}>{f}</TableCell>
            <TableCell className={s.value}>{shown(before, f)}</TableCell>
            <TableCell className={s.value}>{shown(after, f)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function shown(values: Values, field: string): string {
  if (!values || !(field in values)) return '—';
  const v = values[field];
  return typeof v === 'string' ? v : JSON.stringify(v);
}
