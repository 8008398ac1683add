import { useEffect, useMemo, useRef } from 'react';
import { ChainData } from './api/chain-data.js';
import { SessionProvider, useAbilities, useSession } from './api/session.js';
import { ChainContext, useChain } from './api/use-chain.js';
import { AccountMenu } from './components/account-menu.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { NavMenu } from './components/nav-menu.js';
import { Loading } from './components/states.js';
import { ThemeToggle } from './components/theme-toggle.js';
import { TimeControl } from './components/time-control.js';
import { SignInPage } from './pages/sign-in.js';
import { Link, navigate, useLocation } from './router.js';
import { Routes } from './routes.js';

const NAV = [
  { to: '/', label: 'Board', match: (p: string) => p === '/' || p.startsWith('/services') },
  { to: '/map', label: 'Map', match: (p: string) => p.startsWith('/map') },
  { to: '/parties', label: 'Customers', match: (p: string) => p.startsWith('/parties') },
  { to: '/incidents', label: 'Incidents', match: (p: string) => p.startsWith('/incidents') },
  { to: '/maintenance', label: 'Maintenance', match: (p: string) => p.startsWith('/maintenance') },
  { to: '/sla', label: 'SLA', match: (p: string) => p.startsWith('/sla') },
  { to: '/impact', label: 'Impact', match: (p: string) => p.startsWith('/impact') },
  { to: '/model', label: 'Model', match: (p: string) => p.startsWith('/model') },
];

/** Pages for running the installation rather than the chain: one menu, so the bar fits a line. */
const ADMIN_NAV = [
  { to: '/users', label: 'Users', for: 'admin' },
  { to: '/tokens', label: 'Tokens', for: 'everyone' },
  { to: '/status-pages', label: 'Status pages', for: 'everyone' },
  { to: '/notifications', label: 'Notifications', for: 'write' },
  { to: '/audit', label: 'Audit', for: 'everyone' },
] as const;

function LiveIndicator() {
  const { live } = useChain();
  const text = live === 'live' ? 'Live' : live === 'polling' ? 'Polling every 10 s' : 'Connecting';
  return (
    <span className="live" role="status" aria-live="polite" data-live={live}>
      <span aria-hidden="true">{live === 'live' ? '●' : '○'}</span> {text}
    </span>
  );
}

function TopBar() {
  const { path } = useLocation();
  const { session, signOut } = useSession();
  const { admin, write } = useAbilities();
  const me = session.state === 'signed-in' ? session.me : undefined;
  const adminItems = ADMIN_NAV.filter(
    (item) => item.for === 'everyone' || (item.for === 'admin' ? admin : write),
  );
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        Servicechain
      </Link>
      <nav aria-label="Main">
        <ul className="nav">
          {NAV.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={item.match(path) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
          <NavMenu
            label="Admin"
            items={adminItems}
            current={adminItems.find((item) => item.to === path)?.label}
          />
        </ul>
      </nav>
      <span className="spacer" />
      {me ? <TimeControl /> : null}
      {me ? <LiveIndicator /> : null}
      {me ? (
        <AccountMenu
          name={me.id.replace(/^user:/, '')}
          role={me.role}
          signOut={() => void signOut()}
        />
      ) : (
        <ThemeToggle />
      )}
    </header>
  );
}

/** Signed in: the chain data is loaded once and kept live for every page. */
function SignedIn() {
  const { path } = useLocation();
  const data = useMemo(() => new ChainData(), []);
  useEffect(() => () => data.stop(), [data]);
  return (
    <ChainContext.Provider value={data}>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <TopBar />
        <main id="main" tabIndex={-1}>
          <ErrorBoundary resetKey={path}>
            <Routes />
          </ErrorBoundary>
        </main>
      </div>
    </ChainContext.Provider>
  );
}

/** Only app paths: `next` must not send a signed-in user to another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Gate() {
  const { session } = useSession();
  const { path, query } = useLocation();
  const wanted = useRef(path);
  if (session.state === 'loading')
    return (
      <main id="main">
        <Loading what="your session" />
      </main>
    );
  if (session.state === 'anonymous' || path === '/sign-in') {
    if (session.state === 'signed-in') return <Redirect to={safeNext(query.get('next'))} />;
    return (
      <div className="shell">
        <header className="topbar">
          <span className="brand">Servicechain</span>
          <span className="spacer" />
          <ThemeToggle />
        </header>
        <main id="main">
          <SignInPage
            expired={session.expired}
            next={path === '/sign-in' ? safeNext(query.get('next')) : wanted.current}
          />
        </main>
      </div>
    );
  }
  return <SignedIn />;
}

/** The app: session first, then the shell with its pages. */
export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
