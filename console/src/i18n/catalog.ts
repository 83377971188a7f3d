// Every message of the console, joined from the areas' own files.
import { LOCALES, type Locale } from './locales';
import { common } from './common';
import { messages as signin } from '../pages/signin/messages';
import { messages as home } from '../pages/home/messages';
import { messages as products } from '../pages/products/messages';
import { messages as licenses } from '../pages/licenses/messages';
import { messages as policy } from '../pages/policy/messages';
import { messages as bills } from '../pages/bills/messages';
import { messages as activity } from '../pages/activity/messages';
import { messages as webhooks } from '../pages/webhooks/messages';
import { messages as partner } from '../pages/partner/messages';
import { messages as purchases } from '../pages/purchases/messages';

export const areas = { common, signin, home, products, licenses, policy, bills, activity, webhooks, partner, purchases };

type Area = (typeof areas)[keyof typeof areas];
type KeysOf<A> = A extends { en: infer E } ? keyof E : never;
export type MessageKey = KeysOf<Area> & string;

export const catalog = Object.fromEntries(
  LOCALES.map((l) => [l, Object.assign({}, ...Object.values(areas).map((a) => a[l])) as Record<MessageKey, string>]),
) as Record<Locale, Record<MessageKey, string>>;
