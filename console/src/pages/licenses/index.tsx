// Licenses: each product once with its totals, its users grouped by
// purchaser, each subscription's users with assign and remove, and the CSV
// export of chosen subscriptions (docs/spec.md §4.7, §13).
import { Fragment, useState } from 'react';
import {
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
import { api, call, type Schemas, type Subscription } from '../../api/client';
import { useLoad } from '../../components/hooks';
import { Loaded, Page } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { listAllSubscriptions } from '../products/subscriptions';
import { ExportPanel } from './ExportPanel';
import { SubscriptionLicenses } from './SubscriptionLicenses';

type ProductLicenses = Schemas['ProductLicenses'];

const useStyles = makeStyles({
  number: { textAlign: 'end', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: `${tokens.spacingVerticalS} 0` },
  groups: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  users: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** The subscriptions the summary counts (Trial and Active), by product then purchaser. */
async function liveSubscriptions(tenantId: string): Promise<Subscription[]> {
  const [active, trial] = await Promise.all([
    listAllSubscriptions(tenantId, { status: 'Active' }),
    listAllSubscriptions(tenantId, { status: 'Trial' }),
  ]);
  return [...active, ...trial].sort(
    (a, b) => a.productName.localeCompare(b.productName) || (a.purchaser.name ?? '').localeCompare(b.purchaser.name ?? '') || a.id.localeCompare(b.id),
  );
}

export function Licenses() {
  const { t } = useI18n();
  const { tenantId } = useSession();
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const summary = useLoad(() => call(api.GET('/v1/tenants/{tenantId}/licenses', { params: { path: { tenantId } } })), [tenantId, tick]);
  const subs = useLoad(() => liveSubscriptions(tenantId), [tenantId, tick]);
  const changed = (message: string) => {
    setNotice(message);
    setTick((n) => n + 1);
  };

  return (
    <Page title={t('nav.licenses')}>
      <Text>{t('licenses.intro')}</Text>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Loaded state={summary}>
        {(data) => (
          <Loaded state={subs}>
            {(all) => (
              <>
                <ProductsTable items={data.items} subs={all} onChanged={changed} />
                <ExportPanel subs={all} />
              </>
            )}
          </Loaded>
        )}
      </Loaded>
    </Page>
  );
}

function ProductsTable({ items, subs, onChanged }: { items: ProductLicenses[]; subs: Subscription[]; onChanged: (notice: string) => void }) {
  const s = useStyles();
  const { t, number } = useI18n();
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (items.length === 0) return <Text>{t('licenses.empty')}</Text>;
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <section aria-labelledby="licenses-by-product">
      <Subtitle2 as="h2" id="licenses-by-product">
        {t('licenses.table')}
      </Subtitle2>
      <Table aria-labelledby="licenses-by-product">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('licenses.col.product')}</TableHeaderCell>
            <TableHeaderCell className={s.number}>{t('licenses.col.purchased')}</TableHeaderCell>
            <TableHeaderCell className={s.number}>{t('licenses.col.assigned')}</TableHeaderCell>
            <TableHeaderCell className={s.number}>{t('licenses.col.available')}</TableHeaderCell>
            <TableHeaderCell>{t('licenses.col.users')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((p) => {
            const expanded = open.has(p.productId);
            const detailId = `product-users-${p.productId}`;
            return (
              <Fragment key={p.productId}>
                <TableRow data-testid={`product-${p.productId}`}>
                  <TableCell>{p.productName}</TableCell>
                  <TableCell className={s.number}>{number(p.quantity)}</TableCell>
                  <TableCell className={s.number}>{number(p.assigned)}</TableCell>
                  <TableCell className={s.number}>{number(p.available)}</TableCell>
                  <TableCell>
                    <Button size="small" aria-expanded={expanded} aria-controls={expanded ? detailId : undefined} onClick={() => toggle(p.productId)}>
                      {t(expanded ? 'licenses.hideUsers' : 'licenses.showUsers', { product: p.productName })}
                    </Button>
                  </TableCell>
                </TableRow>
                {expanded && (
                  <TableRow>
                    <TableCell colSpan={5} id={detailId}>
                      <ProductDetail product={p} subs={subs.filter((x) => p.subscriptionIds.includes(x.id))} onChanged={onChanged} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}

/** A product's users grouped by purchaser, then each of its subscriptions. */
function ProductDetail({ product, subs, onChanged }: { product: ProductLicenses; subs: Subscription[]; onChanged: (notice: string) => void }) {
  const s = useStyles();
  const { t, number } = useI18n();
  return (
    <div className={s.detail} data-testid={`product-detail-${product.productId}`}>
      <Subtitle2 as="h3">{t('licenses.byPurchaser', { product: product.productName })}</Subtitle2>
      <div className={s.groups}>
        {product.purchasers.map((g) => (
          <div key={g.purchaser.userId} className={s.group} data-testid={`purchaser-${g.purchaser.userId}`}>
            <Text weight="semibold">{g.purchaser.name ?? g.purchaser.userId}</Text>
            {g.purchaser.email && <Caption1>{g.purchaser.email}</Caption1>}
            <Text>{t('licenses.userCount', { count: number(g.userCount) })}</Text>
            {g.users.length > 0 && (
              <ul className={s.users}>
                {g.users.map((u) => (
                  <li key={u.id}>
                    {u.name} ({u.email})
                  </li>
                ))}
              </ul>
            )}
            {g.userCount > g.users.length && <Caption1>{t('licenses.moreUsers', { count: number(g.userCount - g.users.length) })}</Caption1>}
          </div>
        ))}
      </div>
      <Subtitle2 as="h3">{t('licenses.subscriptions')}</Subtitle2>
      {subs.map((sub) => (
        <SubscriptionLicenses key={sub.id} sub={sub} onChanged={onChanged} />
      ))}
    </div>
  );
}
