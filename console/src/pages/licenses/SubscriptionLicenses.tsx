// One subscription's licensed users, with assign and remove when its
// allowedActions let the reader assign licenses (docs/spec.md §4.7).
import { useCallback, useState } from 'react';
import {
  Button,
  Link,
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
import { useSubmit } from '../../components/hooks';
import { MAX_PAGE, usePaged } from '../../components/paging';
import { ActionButton, PagedList, ProblemBar } from '../../components/ui';
import { useI18n } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { AssignUsersDialog } from './AssignUsersDialog';

type License = Schemas['License'];

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    borderLeft: `3px solid ${tokens.colorNeutralStroke1}`,
  },
  head: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-start', flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
});

/**
 * Whether the reader may assign and remove this subscription's licenses: its
 * assignLicenses action is allowed, or refused only because no license is free.
 */
function managesLicenses(sub: Subscription): boolean {
  const a = sub.allowedActions.find((x) => x.action === 'assignLicenses');
  const reason: string | undefined = a?.reason;
  return a !== undefined && (a.allowed || reason === 'insufficient_licenses');
}

export function SubscriptionLicenses({ sub, onChanged }: { sub: Subscription; onChanged: (notice: string) => void }) {
  const s = useStyles();
  const { t, number, date } = useI18n();
  const { tenantId } = useSession();
  // A change of the subscription (its version) reads its licenses again, keeping those shown meanwhile.
  const licenses = usePaged(
    (cursor) =>
      call(
        api.GET('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses', {
          params: { path: { tenantId, subscriptionId: sub.id }, query: { limit: MAX_PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [tenantId, sub.id],
    [sub.version],
  );
  const [assigning, setAssigning] = useState(false);
  const manage = managesLicenses(sub);
  const remove = useCallback(
    (key: string, user: License) =>
      call(
        api.DELETE('/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/licenses/{userId}', {
          params: { path: { tenantId, subscriptionId: sub.id, userId: user.userId }, header: { 'Idempotency-Key': key } },
        }),
      ).then(() => user),
    [tenantId, sub.id],
  );
  const removal = useSubmit(remove);
  const purchaser = sub.purchaser.name ?? sub.purchaser.userId;
  const headingId = `subscription-${sub.id}`;

  return (
    <section className={s.box} aria-labelledby={headingId} data-testid={`licenses-${sub.id}`}>
      <div className={s.head}>
        <div className={s.grow}>
          <Text weight="semibold" id={headingId} block>
            {t('licenses.sub.heading', { purchaser, channel: t(`channel.${sub.channel}`) })}
          </Text>
          <Text block>
            {t('licenses.sub.counts', { assigned: number(sub.assignedLicenses), quantity: number(sub.quantity) })}{' '}
            <Link href={href('products', sub.id)}>{t('licenses.sub.details')}</Link>
          </Text>
        </div>
        <ActionButton actions={sub.allowedActions} action="assignLicenses" onClick={() => setAssigning(true)} />
      </div>
      <ProblemBar error={removal.error} />
      <PagedList list={licenses}>
        {(items) =>
          items.length > 0 ? (
            <Table size="small" aria-labelledby={headingId}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('licenses.col.name')}</TableHeaderCell>
                  <TableHeaderCell>{t('licenses.col.email')}</TableHeaderCell>
                  <TableHeaderCell>{t('licenses.col.userId')}</TableHeaderCell>
                  <TableHeaderCell>{t('licenses.col.assignedAt')}</TableHeaderCell>
                  {manage && <TableHeaderCell>{t('licenses.col.action')}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((l) => (
                  <TableRow key={l.userId}>
                    <TableCell>{l.name}</TableCell>
                    <TableCell>{l.email}</TableCell>
                    <TableCell>{l.userId}</TableCell>
                    <TableCell>{date(l.assignedAt)}</TableCell>
                    {manage && (
                      <TableCell>
                        <Button
                          size="small"
                          disabled={removal.pending}
                          onClick={async () => {
                            const removed = await removal.submit(l);
                            if (removed) onChanged(t('licenses.notice.removed', { name: removed.name, product: sub.productName }));
                          }}
                        >
                          {t('licenses.sub.remove', { name: l.name })}
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            !licenses.loading && <Text>{t('licenses.sub.none')}</Text>
          )
        }
      </PagedList>
      <AssignUsersDialog
        sub={sub}
        open={assigning}
        onClose={() => setAssigning(false)}
        onDone={(n) => {
          setAssigning(false);
          onChanged(t('licenses.notice.assigned', { count: number(n), product: sub.productName }));
        }}
      />
    </section>
  );
}
