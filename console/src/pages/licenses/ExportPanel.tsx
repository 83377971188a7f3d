// Export the licensed users of chosen subscriptions as one CSV file.
import { useCallback, useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
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
import type { Subscription } from '../../api/client';
import { useSubmit } from '../../components/hooks';
import { ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { download, exportLicenses } from './exportCsv';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap' },
  number: { textAlign: 'end', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
});

export function ExportPanel({ subs }: { subs: Subscription[] }) {
  const s = useStyles();
  const { t, number } = useI18n();
  const { tenantId } = useSession();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [rowsSoFar, setRowsSoFar] = useState(0);
  const [done, setDone] = useState<number | null>(null);
  const live = subs.filter((x) => chosen.has(x.id)).map((x) => x.id);
  const send = useCallback(
    async (_key: string, ids: string[]) => {
      setRowsSoFar(0);
      setDone(null);
      const r = await exportLicenses(tenantId, ids, setRowsSoFar);
      download('licenses.csv', r.csv, 'text/csv;charset=utf-8');
      return r.rows;
    },
    [tenantId],
  );
  const { submit, pending, error } = useSubmit(send);
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const all = subs.length > 0 && live.length === subs.length;

  return (
    <section className={s.panel} aria-labelledby="export-title">
      <Subtitle2 as="h2" id="export-title">
        {t('licenses.export.title')}
      </Subtitle2>
      <Text>{t('licenses.export.intro')}</Text>
      {subs.length === 0 ? (
        <Text>{t('licenses.export.none')}</Text>
      ) : (
        <>
          <Checkbox
            label={t('licenses.export.chooseAll')}
            checked={all ? true : live.length > 0 ? 'mixed' : false}
            onChange={(_, d) => setChosen(d.checked === true ? new Set(subs.map((x) => x.id)) : new Set())}
          />
          <Table size="small" aria-labelledby="export-title">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('licenses.export.choose')}</TableHeaderCell>
                <TableHeaderCell>{t('licenses.col.product')}</TableHeaderCell>
                <TableHeaderCell>{t('licenses.col.purchaser')}</TableHeaderCell>
                <TableHeaderCell>{t('licenses.col.channel')}</TableHeaderCell>
                <TableHeaderCell className={s.number}>{t('licenses.col.assigned')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {subs.map((x) => (
                <TableRow key={x.id}>
                  <TableCell>
                    <Checkbox
                      checked={chosen.has(x.id)}
                      onChange={(_, d) => toggle(x.id, d.checked === true)}
                      aria-label={t('licenses.export.chooseOne', { product: x.productName, purchaser: x.purchaser.name ?? x.purchaser.userId })}
                    />
                  </TableCell>
                  <TableCell>{x.productName}</TableCell>
                  <TableCell>{x.purchaser.name ?? x.purchaser.userId}</TableCell>
                  <TableCell>{t(`channel.${x.channel}`)}</TableCell>
                  <TableCell className={s.number}>{number(x.assignedLicenses)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className={s.bar}>
            <Button
              appearance="primary"
              disabled={live.length === 0 || pending}
              onClick={async () => {
                const rows = await submit(live);
                if (rows !== undefined) setDone(rows);
              }}
            >
              {t('licenses.export.button', { count: number(live.length) })}
            </Button>
          </div>
          {pending && (
            <Field label={t('licenses.export.progress', { rows: number(rowsSoFar) })} validationState="none">
              <ProgressBar />
            </Field>
          )}
          {done !== null && !pending && (
            <MessageBar intent="success" role="status">
              <MessageBarBody>{t('licenses.export.done', { rows: number(done) })}</MessageBarBody>
            </MessageBar>
          )}
          <ProblemBar error={error} />
        </>
      )}
    </section>
  );
}
