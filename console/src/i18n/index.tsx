// Translations and locale formatting. Each area of the console keeps its
// messages next to its page (messages.ts); this file joins them.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Locale } from './locales';
import { catalog, type MessageKey } from './catalog';

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

interface I18n {
  locale: Locale;
  t: Translate;
  money: (m: { amount: number; currency: string }) => string;
  date: (iso: string | undefined) => string;
  dateTime: (iso: string | undefined) => string;
  number: (n: number) => string;
}

/** The message for key in locale, with {name} placeholders filled. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text: string | undefined = catalog[locale][key];
  if (text === undefined) {
    console.error(`missing translation: ${locale} ${key}`);
    return key;
  }
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

/** Money in integer minor units, formatted for locale. */
export function formatMoney(locale: Locale, m: { amount: number; currency: string }): string {
  const f = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(m.amount / 10 ** digits);
}

function makeI18n(locale: Locale): I18n {
  const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const n = new Intl.NumberFormat(locale);
  return {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    money: (m) => formatMoney(locale, m),
    date: (iso) => (iso ? d.format(new Date(iso)) : '—'),
    dateTime: (iso) => (iso ? dt.format(new Date(iso)) : '—'),
    number: (x) => n.format(x),
  };
}

const Ctx = createContext<I18n>(makeI18n('en'));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => makeI18n(locale), [locale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  return useContext(Ctx);
}
