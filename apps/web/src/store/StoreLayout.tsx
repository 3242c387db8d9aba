import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../session/session';
import { usePageTitle } from '../ui/usePageTitle';

/** The shop's frame: a skip link, the header with its navigation, the page in <main>. */
export function StoreLayout() {
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle();
  // Back to the shop: the page being left may be one only a signed-in shopper sees.
  const signOut = () => {
    const home = () => void navigate('/');
    // Signed out here even when the server could not be told (session.signOut forgets the token regardless).
    session.signOut().then(home, home);
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Bazaar
        </Link>
        <nav aria-label="Shop">
          <ul className="nav">
            <li>
              <NavLink to="/" end>
                Products
              </NavLink>
            </li>
            {session.user && (
              <>
                <li>
                  <NavLink to="/cart">Cart</NavLink>
                </li>
                <li>
                  <NavLink to="/orders">Orders</NavLink>
                </li>
                <li>
                  <NavLink to="/notifications">Notifications</NavLink>
                </li>
              </>
            )}
            {session.isAdmin && (
              <li>
                <a href="/admin">Console</a>
              </li>
            )}
          </ul>
        </nav>
        <div className="account">
          {session.user ? (
            <>
              <span className="account__name">{session.user.displayName}</span>
              <button type="button" className="button button--secondary" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : session.state.status === 'signed-out' ? (
            <>
              <NavLink to="/sign-in">Sign in</NavLink>
              <NavLink to="/sign-up">Sign up</NavLink>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Bazaar demo shop. Test cards only. API: <a href="/docs">/docs</a>
        </p>
      </footer>
    </>
  );
}
