import { Link, Navigate, NavLink, Outlet, Route, Routes } from 'react-router';
import { useSession } from '../session/session';
import { Loading } from '../ui/Loading';
import { NotFound } from '../ui/NotFound';
import { usePageTitle } from '../ui/usePageTitle';

/**
 * The operators' console at /admin, loaded only when opened. The server checks the admin role on every call;
 * this only keeps other visitors from a page of 403s.
 */
export default function AdminApp() {
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<AdminHome />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function AdminLayout() {
  const session = useSession();
  if (session.state.status === 'resuming') return <Loading what="your session" />;
  if (!session.user) return <Navigate to={`/sign-in?next=${encodeURIComponent('/admin')}`} replace />;
  if (!session.isAdmin) {
    return (
      <main id="main" className="console">
        <h1>Console</h1>
        <p role="alert">The console is for administrators. You are signed in as {session.user.email}.</p>
        <Link to="/">Back to the shop</Link>
      </main>
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header site-header--console">
        <Link to="/admin" className="brand">
          Bazaar console
        </Link>
        <nav aria-label="Console">
          <ul className="nav">
            <li>
              <NavLink to="/admin" end>
                Overview
              </NavLink>
            </li>
          </ul>
        </nav>
        <div className="account">
          <a href="/">Shop</a>
        </div>
      </header>
      <main id="main" className="console" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

function AdminHome() {
  usePageTitle('Console');
  return (
    <section>
      <h1>Console</h1>
    </section>
  );
}
