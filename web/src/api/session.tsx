import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, onUnauthenticated, setCsrfToken } from './client.js';
import type { Me } from './types.js';

/** Who is signed in: `loading` until /auth/me answers, then a user or token, or nobody. */
export type SessionState =
  | { state: 'loading' }
  | { state: 'anonymous'; expired: boolean }
  | { state: 'signed-in'; me: Me };

interface SessionValue {
  session: SessionState;
  /** Re-reads /auth/me (after signing in). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds the session for the whole app; a 401 from any call turns it anonymous (expired). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ state: 'loading' });

  const refresh = useCallback(async () => {
    const me = await api<Me>('/auth/me');
    if (me.ok) {
      setCsrfToken(me.value.csrfToken);
      setSession({ state: 'signed-in', me: me.value });
    } else {
      setCsrfToken(null);
      setSession({ state: 'anonymous', expired: false });
    }
  }, []);

  const signOut = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' });
    setCsrfToken(null);
    setSession({ state: 'anonymous', expired: false });
  }, []);

  useEffect(() => {
    // The server marks the page when no session came with it: no need to ask (and see a 401).
    const hint = document
      .querySelector('meta[name="servicechain-session"]')
      ?.getAttribute('content');
    if (hint === 'anonymous') setSession({ state: 'anonymous', expired: false });
    else void refresh();
    return onUnauthenticated(() =>
      setSession((current) =>
        current.state === 'signed-in' ? { state: 'anonymous', expired: true } : current,
      ),
    );
  }, [refresh]);

  return (
    <SessionContext.Provider value={{ session, refresh, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** What the signed-in caller may do, as the API will judge it (src/api/access.ts). */
export function useAbilities(): { write: boolean; admin: boolean; teams: string[] } {
  const { session } = useSession();
  if (session.state !== 'signed-in') return { write: false, admin: false, teams: [] };
  const { role, teams } = session.me;
  return { write: role === 'editor' || role === 'admin', admin: role === 'admin', teams };
}
