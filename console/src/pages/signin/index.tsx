// Sign-in: locally a "Sign in as" form the runner signs; deployed, the
// organization's OpenID Connect provider (code + PKCE).
import { useState } from 'react';
import type { UserManager } from 'oidc-client-ts';
import {
  Button,
  Card,
  Checkbox,
  Divider,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Config } from '../../config';
import { ROLES, signInLocal, type Role, type Session } from '../../auth/session';
import { useI18n } from '../../i18n';
import { LOCALES, LOCALE_NAMES, isLocale, type Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/catalog';

const useStyles = makeStyles({
  wrap: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalXXXL },
  card: { width: '480px', maxWidth: '100%', padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  roles: { display: 'flex', flexDirection: 'column' },
});

export function SignIn(props: {
  config: Config;
  oidc: UserManager;
  expired: boolean;
  locale: Locale;
  setLocale: (l: Locale) => void;
  onSignedIn: (s: Session) => void;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const [form, setForm] = useState({ tenantId: 'contoso', userId: 'alice', name: '', email: '' });
  const [roles, setRoles] = useState<Role[]>(['GlobalAdmin']);
  const [error, setError] = useState<{ detail: string; field?: string } | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      props.onSignedIn(await signInLocal({ ...form, roles, locale: props.locale }));
    } catch (e) {
      const p = (e as { problem?: { detail?: string; field?: string } }).problem;
      setError({ detail: p?.detail ?? String(e), field: p?.field });
    } finally {
      setPending(false);
    }
  };

  const language = (
    <Field label={t('signin.locale')}>
      <Select value={props.locale} onChange={(_, d) => isLocale(d.value) && props.setLocale(d.value)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <main className={s.wrap}>
      <Card className={s.card}>
        <Title2 as="h1">{t('app.title')}</Title2>
        {props.expired && (
          <MessageBar intent="warning">
            <MessageBarBody>{t('signin.expired')}</MessageBarBody>
          </MessageBar>
        )}
        {props.config.auth === 'oidc' ? (
          <div className={s.form}>
            <Text>{t('signin.oidcIntro')}</Text>
            {language}
            <Button appearance="primary" onClick={() => void props.oidc.signinRedirect()}>
              {t('signin.oidcSubmit')}
            </Button>
          </div>
        ) : (
          <form
            className={s.form}
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Text>{t('signin.localIntro')}</Text>
            <Field
              label={t('signin.tenant')}
              required
              validationMessage={error?.field === 'tenantId' ? error.detail : undefined}
            >
              <Input name="tenantId" value={form.tenantId} onChange={(_, d) => setForm({ ...form, tenantId: d.value })} />
            </Field>
            <Field label={t('signin.user')} required validationMessage={error?.field === 'userId' ? error.detail : undefined}>
              <Input name="userId" value={form.userId} onChange={(_, d) => setForm({ ...form, userId: d.value })} />
            </Field>
            <Field label={t('signin.name')}>
              <Input name="name" value={form.name} onChange={(_, d) => setForm({ ...form, name: d.value })} />
            </Field>
            <Field label={t('signin.email')}>
              <Input name="email" type="email" value={form.email} onChange={(_, d) => setForm({ ...form, email: d.value })} />
            </Field>
            <fieldset className={s.roles}>
              <legend>{t('signin.roles')}</legend>
              {ROLES.map((r) => (
                <Checkbox
                  key={r}
                  label={t(`role.${r}` as MessageKey)}
                  checked={roles.includes(r)}
                  onChange={(_, d) => setRoles(d.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                />
              ))}
              <Text size={200}>{roles.length === 0 ? t('signin.noRoles') : ''}</Text>
            </fieldset>
            {language}
            {error && !error.field && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{error.detail}</MessageBarBody>
              </MessageBar>
            )}
            <Button appearance="primary" type="submit" disabled={pending}>
              {t('signin.submit')}
            </Button>
            <Divider />
            <Text>{t('signin.oidcLocal')}</Text>
            <Button appearance="secondary" onClick={() => void props.oidc.signinRedirect()}>
              {t('signin.oidcSubmit')}
            </Button>
          </form>
        )}
      </Card>
    </main>
  );
}
