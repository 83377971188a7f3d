// The invoices (docs/spec.md §10): one per bill-to account and month, final
// on the 1st of the next month; each row shows its lines on demand and
// downloads its PDF (fetched with the session's token).
import { Fragment, useState } from 'react';
import {
  Badge,
  Button,
  Field,
  Select,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { ApiError } from '../../api/client';
import { toApiError } from '../../components/hooks';
import { usePaged } from '../../components/paging';
import { PagedList, ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession, useWho } from '../../session';
import { INVOICE_STATUSES, downloadInvoicePdf, invoicesPage, type Invoice, type InvoiceLine, type InvoiceStatus } from './invoices';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-end' },
  filter: { minWidth: '200px' },
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  number: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  lines: { backgroundColor: tokens.colorNeutralBackground2, padding: tokens.spacingHorizontalM },
  unpaid: { color: tokens.colorPaletteRedForeground1 },
});

const statusColor = { paid: 'success', open: 'warning', void: 'subtle' } as const;

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useI18n();
  return (
    <Badge appearance="tint" color={statusColor[status]}>
      {t(`bills.invoice.status.${status}`)}
    </Badge>
  );
}

export function Invoices() {
  const s = useStyles();
  const { t } = useI18n();
  const { tenantId } = useSession();
  const who = useWho();
  // Admins and agents see the organization's invoices and every purchaser's; a user only their own.
  const seesAll = who.admin || who.actingForCustomer;
  const [status, setStatus] = useState<InvoiceStatus | ''>('');
  const [billTo, setBillTo] = useState<'tenant' | ''>('');
  const filters = { status: status || undefined, billTo: seesAll && billTo ? billTo : undefined };
  const list = usePaged((cursor) => invoicesPage(tenantId, filters, cursor), [tenantId, filters.status, filters.billTo]);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);

  const download = async (invoice: Invoice) => {
    if (downloading) return;
    setDownloading(invoice.id);
    setProblem(null);
    try {
      await downloadInvoicePdf(tenantId, invoice);
    } catch (e) {
      setProblem(toApiError(e));
    } finally {
      setDownloading(null);
    }
  };

  const filtered = Boolean(filters.status || filters.billTo);
  return (
    <section className={s.section} aria-labelledby="invoices-title">
      <Subtitle1 as="h2" id="invoices-title">
        {t('bills.invoices')}
      </Subtitle1>
      <Text>{t(seesAll ? 'bills.invoices.intro' : 'bills.invoices.introOwn')}</Text>
      <div className={s.filters} role="search" aria-label={t('bills.invoices.filters')}>
        <Field label={t('bills.invoice.col.status')} className={s.filter}>
          <Select value={status} onChange={(_, d) => setStatus(d.value as InvoiceStatus | '')}>
            <option value="">{t('common.all')}</option>
            {INVOICE_STATUSES.map((x) => (
              <option key={x} value={x}>
                {t(`bills.invoice.status.${x}`)}
              </option>
            ))}
          </Select>
        </Field>
        {seesAll && (
          <Field label={t('bills.col.billTo')} className={s.filter}>
            <Select value={billTo} onChange={(_, d) => setBillTo(d.value === 'tenant' ? 'tenant' : '')}>
              <option value="">{t('bills.invoices.filter.billToAll')}</option>
              <option value="tenant">{t('bills.invoices.filter.billToTenant')}</option>
            </Select>
          </Field>
        )}
      </div>
      <ProblemBar error={problem} />
      <PagedList list={list}>
        {(items) =>
          items.length === 0 ? (
            <Text>{t(filtered ? 'bills.invoices.noMatch' : 'bills.invoices.empty')}</Text>
          ) : (
            <Table aria-labelledby="invoices-title" className={s.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('bills.invoice.col.number')}</TableHeaderCell>
                  <TableHeaderCell>{t('bills.invoice.col.month')}</TableHeaderCell>
                  <TableHeaderCell>{t('bills.col.billTo')}</TableHeaderCell>
                  <TableHeaderCell>{t('bills.invoice.col.status')}</TableHeaderCell>
                  <TableHeaderCell>{t('bills.invoice.col.total')}</TableHeaderCell>
                  <TableHeaderCell>{t('bills.invoice.col.issued')}</TableHeaderCell>
                  <TableHeaderCell>{t('bills.invoice.col.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((inv) => (
                  <InvoiceRow
                    key={inv.id}
                    invoice={inv}
                    downloading={downloading === inv.id}
                    onDownload={() => void download(inv)}
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

/** A month ("2026-11") as the locale writes it, e.g. "November 2026". */
function monthName(locale: string, month: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

function InvoiceRow({ invoice: inv, downloading, onDownload }: { invoice: Invoice; downloading: boolean; onDownload: () => void }) {
  const s = useStyles();
  const { t, locale, date, money } = useI18n();
  const [open, setOpen] = useState(false);
  const linesId = `invoice-lines-${inv.id}`;
  return (
    <Fragment>
      <TableRow data-invoice={inv.id}>
        <TableCell className={s.number}>{inv.number}</TableCell>
        <TableCell className={s.nowrap}>{monthName(locale, inv.month)}</TableCell>
        <TableCell>
          <BillTo invoice={inv} />
        </TableCell>
        <TableCell>
          <InvoiceStatusBadge status={inv.status} />
        </TableCell>
        <TableCell className={s.nowrap}>{inv.totals.map((m) => money(m)).join(', ') || '—'}</TableCell>
        <TableCell className={s.nowrap}>{date(inv.issuedAt)}</TableCell>
        <TableCell>
          <span className={s.actions}>
            <Button size="small" aria-expanded={open} aria-controls={open ? linesId : undefined} onClick={() => setOpen(!open)}>
              {open ? t('bills.invoice.hideLines') : t('bills.invoice.showLines')}
            </Button>
            <Button size="small" icon={<ArrowDownloadRegular />} disabledFocusable={downloading} onClick={onDownload}>
              {downloading ? t('common.working') : t('bills.invoice.download')}
            </Button>
          </span>
        </TableCell>
      </TableRow>
      {open && (
        <TableRow id={linesId}>
          <TableCell colSpan={7} className={s.lines}>
            <InvoiceLines invoice={inv} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

function BillTo({ invoice: inv }: { invoice: Invoice }) {
  const { t } = useI18n();
  const name = inv.billToName ?? inv.billTo.id;
  switch (inv.billTo.type) {
    case 'tenant':
      return <>{t('bills.billTo.tenant')}</>;
    case 'partner':
      return <>{t('bills.billTo.partner', { id: name })}</>;
    default:
      return <>{name}</>;
  }
}

function InvoiceLines({ invoice }: { invoice: Invoice }) {
  const s = useStyles();
  const { t } = useI18n();
  if (invoice.lines.length === 0) return <Text>{t('bills.invoice.noLines')}</Text>;
  return (
    <Table size="small" className={s.table} aria-label={t('bills.invoice.linesOf', { number: invoice.number })}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('bills.col.date')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.product')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.kind')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.quantity')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.invoice.col.period')}</TableHeaderCell>
          <TableHeaderCell>{t('bills.col.amount')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invoice.lines.map((l) => (
          <LineRow key={l.orderId} line={l} />
        ))}
      </TableBody>
    </Table>
  );
}

function LineRow({ line }: { line: InvoiceLine }) {
  const s = useStyles();
  const { t, date, money, number } = useI18n();
  const amount = money(line.amount);
  return (
    <TableRow>
      <TableCell className={s.nowrap}>{date(line.at)}</TableCell>
      <TableCell>{line.productName}</TableCell>
      <TableCell>{t(`bills.kind.${line.type}`)}</TableCell>
      <TableCell>{number(line.quantity)}</TableCell>
      <TableCell className={s.nowrap}>{t('bills.invoice.period', { from: date(line.periodStart), to: date(line.periodEnd) })}</TableCell>
      <TableCell className={mergeClasses(s.nowrap, !line.paid && s.unpaid)}>{line.paid ? amount : t('bills.invoice.unpaid', { amount })}</TableCell>
    </TableRow>
  );
}
