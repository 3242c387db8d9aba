import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import * as sessionApi from './session-api';
import type { User } from './session-api';
import { accessTokenExpiresAt, onAccessTokenChange } from './token-store';

export type { User } from './session-api';

/** Refresh this long before the access token expires, so no call ever goes out with an expired one. */
const REFRESH_AHEAD_MS = 60_000;
/** When a refresh fails for a reason other than the session (offline), try again after this. */
const RETRY_MS = 15_000;

type SessionState = { status: 'resuming' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

export interface Session {
  state: SessionState;
  user: User | undefined;
  isAdmin: boolean;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/**
 * Who is signed in. On load it resumes the session from the refresh cookie (the access token is in memory, so a
 * reload starts without one), then refreshes silently a minute before each access token expires, and again when
 * the tab becomes visible after sleeping past that moment.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'resuming' });

  useEffect(() => {
    let current = true;
    sessionApi.resumeSession().then(
      (user) => current && setState(user ? { status: 'signed-in', user } : { status: 'signed-out' }),
      () => current && setState({ status: 'signed-out' }),
    );
    return () => {
      current = false;
    };
  }, []);

  // Silent refresh: one timer for the current token, re-armed whenever the token changes.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      const expiresAt = accessTokenExpiresAt();
      if (expiresAt === undefined) return;
      timer = setTimeout(refreshNow, Math.max(0, expiresAt - Date.now() - REFRESH_AHEAD_MS));
    };
    const refreshNow = () => {
      sessionApi.refreshSession().then(
        (alive) => {
          if (!alive) setState({ status: 'signed-out' });
        },
        () => {
          timer = setTimeout(refreshNow, RETRY_MS);
        },
      );
    };
    const onVisible = () => {
      const expiresAt = accessTokenExpiresAt();
      if (document.visibilityState === 'visible' && expiresAt && expiresAt - Date.now() < REFRESH_AHEAD_MS) {
        refreshNow();
      }
    };
    arm();
    const stop = onAccessTokenChange(arm);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer);
      stop();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  const session = useMemo<Session>(() => {
    const user = state.status === 'signed-in' ? state.user : undefined;
    return {
      state,
      user,
      isAdmin: user?.roles.includes('admin') ?? false,
      async signIn(email, password) {
        const signedIn = await sessionApi.signIn(email, password);
        queryClient.clear();
        setState({ status: 'signed-in', user: signedIn });
        return signedIn;
      },
      async signOut() {
        try {
          await sessionApi.signOut();
        } finally {
          // Nothing of the previous shopper's stays on screen or in the cache.
          queryClient.clear();
          setState({ status: 'signed-out' });
        }
      },
    };
  }, [state, queryClient]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}
