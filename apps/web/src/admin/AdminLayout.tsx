import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../session/session';
import { Loading } from '../ui/Loading';

const SECTIONS = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/products', label: 'Products' },
  { to: '/admin/stock', label: 'Stock' },
  { to: '/admin/orders', label: 'Orders' },
  { to: '/admin/payments', label: 'Payments' },
  { to: '/admin/dead-letters', label: 'Dead letters' },
  { to: '/admin/users', label: 'Users' },
] as const;

/** The console's frame: sign-in and admin checks, the section navigation, and the page. */
export function AdminLayout() {
  const session = useSession();
  const location = useLocation();
  if (session.state.status === 'resuming') return <Loading what="your session" />;
  if (!session.user) {
    // Back to the very page asked for (a deep link to a payment, say) once signed in.
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
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
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={'end' in section}>
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="account__who">{session.user.email}</span>
          <a href="/">Shop</a>
          <button type="button" className="button button--secondary" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="console" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
