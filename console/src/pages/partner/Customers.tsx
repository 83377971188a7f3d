// The partner's customers (ListCustomers), each opening its Customer page.
import { useState } from 'react';
import {
  Body1,
  Field,
  Input,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { api, call } from '../../api/client';
import { MAX_PAGE, usePaged } from '../../components/paging';
import { Page, PagedList } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import type { Tenant } from './customer';

const useStyles = makeStyles({
  search: { maxWidth: '360px' },
});

export function Customers() {
  const s = useStyles();
  const { t } = useI18n();
  const { session } = useSession();
  const partnerId = session.tenantId;
  const [search, setSearch] = useState('');
  const customers = usePaged(
    (cursor) => call(api.GET('/v1/partners/{partnerId}/customers', { params: { path: { partnerId }, query: { limit: MAX_PAGE, cursor } } })),
    [partnerId],
  );
  const term = search.trim().toLowerCase();
  const matches = (c: Tenant) => !term || c.name.toLowerCase().includes(term) || c.tenantId.toLowerCase().includes(term);

  return (
    <Page title={t('nav.customers')}>
      <Body1>{t('partner.customers.intro')}</Body1>
      <Field label={t('partner.customers.search')} className={s.search}>
        <Input type="search" value={search} onChange={(_, d) => setSearch(d.value)} />
      </Field>
      <PagedList list={customers}>
        {(items) => {
          const shown = items.filter(matches);
          if (shown.length === 0) return <Text>{t(items.length ? 'partner.customers.noMatch' : 'partner.customers.empty')}</Text>;
          return (
            <Table aria-label={t('nav.customers')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.col.name')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.col.id')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.col.country')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.col.reservations')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shown.map((c) => (
                  <TableRow key={c.tenantId} data-customer={c.tenantId}>
                    <TableCell>
                      <Link href={href('customers', c.tenantId)}>{c.name}</Link>
                    </TableCell>
                    <TableCell>{c.tenantId}</TableCell>
                    <TableCell>{c.country}</TableCell>
                    <TableCell>{t(c.customerPermissions.reservations.enabled ? 'partner.on' : 'partner.off')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          );
        }}
      </PagedList>
    </Page>
  );
}
