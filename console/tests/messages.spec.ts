// The message catalog itself, without a browser: every locale complete,
// placeholders kept, no area overriding another's key.
import { test, expect } from '@playwright/test';
import { areas, catalog } from '../src/i18n/catalog';
import { LOCALES } from '../src/i18n/locales';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every locale has every message, with the same placeholders', () => {
  const en = catalog.en;
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const messages = catalog[locale];
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(messages)) {
      if (!text.trim()) problems.push(`${locale} ${key} is empty`);
      const want = placeholders(en[key as keyof typeof en]).join(',');
      if (placeholders(text).join(',') !== want) problems.push(`${locale} ${key} has placeholders ${placeholders(text).join(',')}, want ${want}`);
    }
  }
  expect(problems).toEqual([]);
});

test('no two areas define the same key', () => {
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const [area, messages] of Object.entries(areas)) {
    for (const key of Object.keys(messages.en)) {
      if (seen.has(key)) twice.push(`${key} in ${seen.get(key)} and ${area}`);
      seen.set(key, area);
    }
  }
  expect(twice).toEqual([]);
});

test('the other languages are translated, not copied from English', () => {
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    const same = Object.entries(catalog[locale]).filter(([key, text]) => text === catalog.en[key as keyof typeof catalog.en] && /[a-z]{4}/i.test(text));
    // Words that are the same in every language (product and protocol names) are allowed, few.
    expect(same.length, `${locale}: ${same.map(([k]) => k).join(', ')}`).toBeLessThanOrEqual(Math.ceil(Object.keys(catalog.en).length * 0.03));
  }
});
