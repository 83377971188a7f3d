// The signed-in session as React context: who, which tenant the pages act
// on (a partner agent picks a customer), the language.
import { createContext, useContext } from 'react';
import type { Session } from './auth/session';
import type { Locale } from './i18n/locales';

export interface SessionContext {
  session: Session;
  /** The tenant the pages read and change: the user's own, or a partner's customer. */
  tenantId: string;
  actFor: (tenantId: string | null) => void;
  setLocale: (l: Locale) => void;
  signOut: () => void;
}

export const SessionCtx = createContext<SessionContext | null>(null);

export function useSession(): SessionContext {
  const s = useContext(SessionCtx);
  if (!s) throw new Error('useSession outside a signed-in console');
  return s;
}

/** What the signed-in user is, for choosing pages (the API decides requests). */
export function useWho() {
  const { session, tenantId } = useSession();
  const has = (...r: string[]) => session.roles.some((x) => r.includes(x));
  const member = tenantId === session.tenantId;
  return {
    member,
    admin: member && has('GlobalAdmin', 'BillingAdmin'),
    agent: has('AdminAgent', 'SalesAgent', 'HelpdeskAgent'),
    adminAgent: has('AdminAgent'),
    salesAgent: has('AdminAgent', 'SalesAgent'),
    actingForCustomer: !member,
  };
}
