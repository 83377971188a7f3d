// Home (docs/spec.md §13): the tenant at a glance and its two charts, spend
// per month and licenses assigned vs purchased. An agent acting for a
// customer sees the customer's.
import { Caption1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api, call } from '../../api/client';
import { BarChart } from '../../components/BarChart';
import { useLoad } from '../../components/hooks';
import { MAX_PAGE, allPages } from '../../components/paging';
import { Loaded, Page } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { ordersPage } from '../bills/orders';
import { monthLabel, spendPerMonth } from './spend';

const useStyles = makeStyles({
  stats: { display: 'flex', gap: tokens.spacingHorizontalXXL, flexWrap: 'wrap', margin: 0 },
  stat: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  figure: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, overflowX: 'auto' },
  note: { color: tokens.colorNeutralForeground2 },
});

type Status = 'Active' | 'Trial';

function countSubscriptions(tenantId: string, status: Status): Promise<number> {
  return allPages((cursor) =>
    call(api.GET('/v1/tenants/{tenantId}/subscriptions', { params: { path: { tenantId }, query: { status, limit: MAX_PAGE, cursor } } })),
  ).then((items) => items.length);
}

function loadLicenses(tenantId: string) {
  return call(api.GET('/v1/tenants/{tenantId}/licenses', { params: { path: { tenantId } } }));
}

export function Home() {
  const { t } = useI18n();
  return (
    <Page title={t('nav.home')}>
      <Summary />
      <SpendChart />
      <LicenseChart />
    </Page>
  );
}

function Summary() {
  const s = useStyles();
  const { t, number } = useI18n();
  const { tenantId } = useSession();
  const state = useLoad(
    () =>
      Promise.all([countSubscriptions(tenantId, 'Active'), countSubscriptions(tenantId, 'Trial'), loadLicenses(tenantId)]).then(
        ([active, trials, licenses]) => ({
          active,
          trials,
          assigned: licenses.items.reduce((n, p) => n + p.assigned, 0),
          purchased: licenses.items.reduce((n, p) => n + p.quantity, 0),
        }),
      ),
    [tenantId],
  );
  return (
    <section className={s.section} aria-labelledby="home-summary">
      <Subtitle2 as="h2" id="home-summary">
        {t('home.summary')}
      </Subtitle2>
      <Loaded state={state}>
        {(d) => (
          <dl className={s.stats} data-testid="summary">
            <Stat label={t('home.active')} value={number(d.active)} />
            <Stat label={t('home.trials')} value={number(d.trials)} />
            <Stat label={t('home.licenses')} value={t('home.licensesOf', { assigned: number(d.assigned), purchased: number(d.purchased) })} />
          </dl>
        )}
      </Loaded>
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  const s = useStyles();
  return (
    <div className={s.stat}>
      <dt>
        <Caption1>{label}</Caption1>
      </dt>
      <dd className={s.figure}>{value}</dd>
    </div>
  );
}

function SpendChart() {
  const s = useStyles();
  const { t, money, locale } = useI18n();
  const { tenantId } = useSession();
  const orders = useLoad(() => allPages((cursor) => ordersPage(tenantId, cursor, MAX_PAGE)), [tenantId]);
  return (
    <section className={s.section} aria-labelledby="home-spend">
      <Subtitle2 as="h2" id="home-spend">
        {t('home.spend.series')}
      </Subtitle2>
      <Loaded state={orders}>
        {(items) => {
          const spend = spendPerMonth(items);
          if (spend.length === 0) return <Text>{t('home.spend.empty')}</Text>;
          return (
            <>
              <Caption1 className={s.note}>{t('home.spend.note')}</Caption1>
              {spend.map(({ currency, months }) => (
                <BarChart
                  key={currency}
                  testId={`spend-${currency}`}
                  title={t('home.spend', { currency })}
                  series={[{ name: t('home.spend.series'), color: tokens.colorBrandBackground }]}
                  // A month whose credits exceed its charges shows no bar (its table cell says 0).
                  groups={months.map((m) => ({ label: monthLabel(locale, m.month), values: [Math.max(0, m.amount)] }))}
                  format={(n) => money({ amount: n, currency })}
                />
              ))}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function LicenseChart() {
  const s = useStyles();
  const { t, number } = useI18n();
  const { tenantId } = useSession();
  const licenses = useLoad(() => loadLicenses(tenantId), [tenantId]);
  return (
    <section className={s.section} aria-labelledby="home-licenses">
      <Subtitle2 as="h2" id="home-licenses">
        {t('home.licenseChart')}
      </Subtitle2>
      <Loaded state={licenses}>
        {(d) =>
          d.items.length === 0 ? (
            <Text>{t('home.licenses.empty')}</Text>
          ) : (
            <BarChart
              testId="licenses"
              title={t('home.licenseChart')}
              series={[
                { name: t('home.assigned'), color: tokens.colorBrandBackground },
                { name: t('home.purchased'), color: tokens.colorPaletteDarkOrangeBackground3 },
              ]}
              groups={d.items.map((p) => ({ label: p.productName, values: [p.assigned, p.quantity] }))}
              format={number}
            />
          )
        }
      </Loaded>
    </section>
  );
}
