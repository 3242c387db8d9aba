import { type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../../session/session';
import { Loading } from '../../ui/Loading';

/**
 * The shopper's own pages: while the session resumes from its cookie, wait; signed out, go to sign in and come
 * back here afterwards (`?next=`).
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.state.status === 'resuming') return <Loading what="your session" />;
  if (!session.user) {
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(here)}`} replace />;
  }
  return children;
}
