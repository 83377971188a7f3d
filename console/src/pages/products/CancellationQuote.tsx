// What cancelling a subscription now would do (its cancellationQuote).
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Subscription } from '../../api/client';
import { useI18n } from '../../i18n';

/** What cancelling now would do, shown before anyone confirms a cancellation. */
export function CancellationQuote({ sub }: { sub: Subscription }) {
  const { t, money, date } = useI18n();
  const q = sub.cancellationQuote;
  if (!q) return null;
  const credit = q.credit.amount > 0 ? t('products.quote.credit', { credit: money(q.credit) }) : t('products.quote.noCredit');
  return (
    <MessageBar intent="info" data-testid="cancellation-quote">
      <MessageBarBody>
        <MessageBarTitle>{t('products.quote.title')}</MessageBarTitle>
        {q.effect === 'immediate' ? t('products.quote.immediate') : t('products.quote.termEnd', { date: date(sub.termEnd) })} {credit}
      </MessageBarBody>
    </MessageBar>
  );
}
