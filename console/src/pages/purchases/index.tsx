// My purchases (docs/spec.md §13): a user buys or starts trials for themself
// (seed 001's notice first) and sees their own subscriptions.
import { useRef, useState } from 'react';
import { Body1, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { Page } from '../../components/ui';
import { useI18n } from '../../i18n';
import { Catalog } from './Catalog';
import { MySubscriptions } from './MySubscriptions';

export function Purchases() {
  const { t } = useI18n();
  const [done, setDone] = useState<{ product: string; trial: boolean; count: number } | null>(null);
  // After a purchase the focus goes to its confirmation (the dialog that had it is gone).
  const doneMessage = useRef<HTMLDivElement>(null);

  return (
    <Page title={t('nav.purchases')}>
      <Body1>{t('purchases.intro')}</Body1>
      {done && (
        <MessageBar ref={doneMessage} tabIndex={-1} intent="success" role="status">
          <MessageBarBody>{t(done.trial ? 'purchases.done.trial' : 'purchases.done.bought', { product: done.product })}</MessageBarBody>
        </MessageBar>
      )}
      <Catalog
        onDone={(sub, trial) => setDone({ product: sub.productName, trial, count: (done?.count ?? 0) + 1 })}
        focusAfterPurchase={() => doneMessage.current}
      />
      <MySubscriptions reloadKey={done?.count ?? 0} />
    </Page>
  );
}
