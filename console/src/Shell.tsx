// The frame around every page: header (organization, user, language, sign
// out), navigation by role, and the page the URL names.
import type { ReactNode } from 'react';
import {
  Button,
  Link,
  Select,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useSession, useWho } from './session';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/catalog';
import { LOCALES, LOCALE_NAMES, isLocale } from './i18n/locales';
import { href, navigate, useRoute } from './router';
import { Home } from './pages/home';
import { Products, SubscriptionPage } from './pages/products';
import { Licenses } from './pages/licenses';
import { Policy } from './pages/policy';
import { Bills } from './pages/bills';
import { Activity } from './pages/activity';
import { Webhooks } from './pages/webhooks';
import { Customer, Customers } from './pages/partner';
import { Purchases } from './pages/purchases';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: '240px 1fr', gridTemplateRows: 'auto 1fr', minHeight: '100vh' },
  header: {
    gridColumn: '1 / 3',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, flexGrow: 1, color: tokens.colorNeutralForegroundOnBrand },
  who: { color: tokens.colorNeutralForegroundOnBrand },
  nav: {
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  navItem: { justifyContent: 'flex-start', textAlign: 'start', width: '100%' },
  main: { padding: tokens.spacingHorizontalXXL, minWidth: 0 },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM, zIndex: 10 },
  },
  acting: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginBottom: tokens.spacingVerticalM },
});

type Area = 'home' | 'products' | 'licenses' | 'policy' | 'bills' | 'activity' | 'webhooks' | 'customers' | 'purchases';

/** The areas the signed-in user may open, in navigation order. */
function useAreas(): Area[] {
  const who = useWho();
  if (who.actingForCustomer) return ['home', 'products', 'licenses', 'policy', 'bills', 'activity', 'webhooks'];
  if (who.admin) return ['home', 'products', 'licenses', 'policy', 'bills', 'activity', 'webhooks', 'purchases'];
  if (who.agent) return ['customers', 'webhooks'];
  return ['purchases', 'bills', 'webhooks'];
}

function pageFor(area: string, id: string | undefined): ReactNode {
  switch (area) {
    case 'home':
      return <Home />;
    case 'products':
      return id ? <SubscriptionPage id={id} /> : <Products />;
    case 'licenses':
      return <Licenses />;
    case 'policy':
      return <Policy />;
    case 'bills':
      return <Bills />;
    case 'activity':
      return <Activity />;
    case 'webhooks':
      return <Webhooks />;
    case 'customers':
      return id ? <Customer id={id} /> : <Customers />;
    case 'purchases':
      return id ? <SubscriptionPage id={id} /> : <Purchases />;
    default:
      return null;
  }
}

export function Shell() {
  const s = useStyles();
  const { t } = useI18n();
  const { session, tenantId, actFor, setLocale, signOut } = useSession();
  const who = useWho();
  const areas = useAreas();
  const { segments } = useRoute();
  const [first, id] = segments;
  const area = first && (areas as string[]).includes(first) ? first : (areas[0] ?? 'purchases');

  return (
    <div className={s.root}>
      <a href="#main" className={s.skip} onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('shell.skip')}
      </a>
      <header className={s.header}>
        <Text className={s.brand} size={400}>
          {t('app.title')}
        </Text>
        <Text className={s.who} data-testid="who">
          {session.name || session.userId} · {t('shell.tenant', { tenant: session.tenantId })}
        </Text>
        <Select
          aria-label={t('shell.language')}
          value={session.locale}
          onChange={(_, d) => isLocale(d.value) && setLocale(d.value)}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </Select>
        <Button appearance="secondary" onClick={signOut}>
          {t('shell.signOut')}
        </Button>
      </header>
      <nav className={s.nav} aria-label={t('nav.label')}>
        {who.actingForCustomer && (
          <div className={s.acting}>
            <Text weight="semibold">{t('shell.actingFor', { tenant: tenantId })}</Text>
            <Link
              href={href('customers')}
              onClick={() => {
                actFor(null);
              }}
            >
              {t('shell.backToPartner')}
            </Link>
          </div>
        )}
        {areas.map((a) => (
          <Button
            key={a}
            className={s.navItem}
            appearance={a === area ? 'secondary' : 'subtle'}
            aria-current={a === area ? 'page' : undefined}
            onClick={() => navigate(href(a))}
          >
            {t(`nav.${a}` as MessageKey)}
          </Button>
        ))}
      </nav>
      <main id="main" tabIndex={-1} className={s.main}>
        {pageFor(area, id)}
      </main>
    </div>
  );
}
