import type { Locale } from './locales';

/**
 * An area's messages: English first, and every other locale must have
 * exactly English's keys (the compiler checks it).
 */
export function defineMessages<const E extends Record<string, string>>(
  m: { en: E } & { [L in Exclude<Locale, 'en'>]: { [K in keyof E]: string } },
): { [L in Locale]: { [K in keyof E]: string } } {
  return m;
}
