// One customer of the partner: manage its subscriptions (act for it), its
// reservations permission with the prerequisites, the Azure plan's Owner,
// buying for it, and its subscriptions.
import { useRef, useState } from 'react';
import {
  Body1,
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  Subtitle1,
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
import { useLoad } from '../../components/hooks';
import { Loaded, Page, ProblemBar, StatusBadge } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href, navigate } from '../../router';
import { useSession } from '../../session';
import { BuyForCustomer } from './BuyForCustomer';
import { loadCustomer, type CustomerState } from './customer';
import { OwnerRole } from './OwnerRole';
import { ReservationsPermission } from './ReservationsPermission';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  id: { wordBreak: 'break-all' },
});

export function Customer({ id }: { id: string }) {
  const { t } = useI18n();
  const state = useLoad(() => loadCustomer(id), [id]);
  if (!state.data) {
    return (
      <Page title={t('nav.customers')}>
        <Loaded state={state}>{() => null}</Loaded>
      </Page>
    );
  }
  return <CustomerView state={state.data} error={state.error} reload={state.reload} />;
}

function CustomerView({ state, error, reload }: { state: CustomerState; error: ReturnType<typeof useLoad>['error']; reload: () => void }) {
  const s = useStyles();
  const { t } = useI18n();
  const { actFor } = useSession();
  const [bought, setBought] = useState<string | null>(null);
  const boughtMessage = useRef<HTMLDivElement>(null);
  const { tenant } = state;
  const manage = () => {
    actFor(tenant.tenantId);
    navigate(href('products'));
  };

  return (
    <Page
      title={tenant.name}
      actions={
        <Button appearance="primary" onClick={manage}>
          {t('partner.manage')}
        </Button>
      }
    >
      <Link href={href('customers')}>{t('partner.backToCustomers')}</Link>
      <Body1>{t('partner.customer.summary', { id: tenant.tenantId, country: tenant.country })}</Body1>
      <ProblemBar error={error} />
      {bought && (
        <MessageBar ref={boughtMessage} tabIndex={-1} intent="success" role="status">
          <MessageBarBody>{t('partner.buy.done', { product: bought, customer: tenant.name })}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.card}>
        <ReservationsPermission key={`${state.plan?.id ?? ''}:${state.owners?.join(',') ?? ''}`} state={state} onChanged={reload} />
      </div>
      <div className={s.card}>
        <OwnerRole state={state} onAssigned={reload} />
      </div>
      <div className={s.card}>
        <BuyForCustomer
          customer={tenant}
          held={new Set(state.subscriptions.filter((x) => x.status !== 'Deleted' && x.status !== 'Expired').map((x) => x.productId))}
          focusAfterPurchase={() => boughtMessage.current}
          onBought={(sub) => {
            setBought(sub.productName);
            reload();
          }}
        />
      </div>
      <CustomerSubscriptions state={state} />
    </Page>
  );
}

function CustomerSubscriptions({ state }: { state: CustomerState }) {
  const s = useStyles();
  const { t, date } = useI18n();
  return (
    <section className={s.section} aria-labelledby="customer-subs-title">
      <Subtitle1 as="h2" id="customer-subs-title">
        {t('partner.subs.title')}
      </Subtitle1>
      {state.subscriptions.length === 0 ? (
        <Text>{t('partner.subs.empty')}</Text>
      ) : (
        <Table aria-labelledby="customer-subs-title" data-testid="customer-subscriptions">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('partner.col.product')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.col.status')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.col.channel')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.field.quantity')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.col.expires')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.col.subscriptionId')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {state.subscriptions.map((sub) => (
              <TableRow key={sub.id} data-subscription={sub.id}>
                <TableCell>{sub.productName}</TableCell>
                <TableCell>
                  <StatusBadge status={sub.status} />
                </TableCell>
                <TableCell>{t(`channel.${sub.channel}`)}</TableCell>
                <TableCell>{sub.quantity}</TableCell>
                <TableCell>{date(sub.termEnd)}</TableCell>
                <TableCell className={s.id}>{sub.id}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
