// The console: sign-in, then the shell with the pages the user's roles reach.
import { useEffect, useMemo, useRef, useState } from 'react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { readConfig } from './config';
import { completeOidc, loadSession, oidcSettings, saveSession, userManager, type Session } from './auth/session';
import { configureAuth } from './api/client';
import { I18nProvider } from './i18n';
import { isLocale, type Locale } from './i18n/locales';
import { SessionCtx, type SessionContext } from './session';
import { SignIn } from './pages/signin';
import { Shell } from './Shell';

const ACTING = 'selfserve.actingFor';

function browserLocale(): Locale {
  const l = navigator.language;
  if (l === 'zh-TW' || l === 'zh-HK' || l.startsWith('zh-Hant')) return 'zh-TW';
  if (l.startsWith('zh')) return 'zh-CN';
  if (l.startsWith('fr')) return 'fr';
  return 'en';
}

export function App() {
  const config = useMemo(() => readConfig(), []);
  const oidc = useMemo(() => userManager(oidcSettings(config)), [config]);
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [acting, setActing] = useState<string | null>(() => sessionStorage.getItem(ACTING));
  const [signInLocale, setSignInLocale] = useState<Locale>(browserLocale);
  const [expired, setExpired] = useState(false);
  const locale = session?.locale ?? signInLocale;

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    if (session) return;
    completeOidc(oidc, signInLocale).then((s) => s && start(s), () => setExpired(true));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on load
  }, [oidc]);

  const start = (s: Session) => {
    saveSession(s);
    setSession(s);
    setExpired(false);
  };

  const signOut = () => {
    saveSession(null);
    sessionStorage.removeItem(ACTING);
    setSession(null);
    setActing(null);
    window.location.hash = '';
    void oidc.removeUser();
  };

  // The API client reads the token of the session being rendered: set
  // before any page's effect sends a request.
  const current = useRef(session);
  current.current = session;
  useState(() =>
    configureAuth(
      () => current.current?.token ?? null,
      () => {
        saveSession(null);
        setSession(null);
        setExpired(true);
      },
    ),
  );

  const ctx: SessionContext | null = session
    ? {
        session,
        tenantId: acting ?? session.tenantId,
        actFor: (t) => {
          if (t && t !== session.tenantId) sessionStorage.setItem(ACTING, t);
          else sessionStorage.removeItem(ACTING);
          setActing(t && t !== session.tenantId ? t : null);
        },
        setLocale: (l) => isLocale(l) && start({ ...session, locale: l }),
        signOut,
      }
    : null;

  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <I18nProvider locale={locale}>
        {ctx ? (
          <SessionCtx.Provider value={ctx}>
            <Shell />
          </SessionCtx.Provider>
        ) : (
          <SignIn config={config} oidc={oidc} expired={expired} locale={signInLocale} setLocale={setSignInLocale} onSignedIn={start} />
        )}
      </I18nProvider>
    </FluentProvider>
  );
}
