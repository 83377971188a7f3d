// Seed 001's notice, shown before a purchase or trial is confirmed: the
// directory data used and why, and the statement and terms that govern it.
import { Body1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n';

const useStyles = makeStyles({
  notice: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

export function Notice({ trial }: { trial: boolean }) {
  const s = useStyles();
  const { t } = useI18n();
  return (
    <section className={s.notice} aria-labelledby="purchase-notice-title" data-testid="purchase-notice">
      <Subtitle2 as="h3" id="purchase-notice-title">
        {t('purchases.notice.title')}
      </Subtitle2>
      <Body1>{t('purchases.notice.data')}</Body1>
      <Body1>{t('purchases.notice.privacy')}</Body1>
      {trial && <Body1>{t('purchases.notice.trialTerms')}</Body1>}
      <Body1>{t('purchases.notice.productTerms')}</Body1>
      <Body1>{t(trial ? 'purchases.notice.acceptTrial' : 'purchases.notice.acceptPurchase')}</Body1>
    </section>
  );
}
