import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { LoginScreen } from '../auth/login-screen';
import { can, sessionStore, useSession, type Permission } from '../auth';
import { AppHeader } from './app-header';
import { homePath } from './sections';

/**
 * Every page of the signed-in app: the sign-in screen until someone signs in (the URL is kept, so a
 * deep link opens after signing in), then the header and the page the URL names.
 */
export function AppLayout() {
  const session = useSession((state) => state.session);
  const caller = useSession((state) => state.caller);
  const guest = useSession((state) => state.guest);
  const location = useLocation();

  useEffect(() => {
    if (session && !caller) void sessionStore.getState().loadCaller();
  }, [session, caller]);

  if (!session && !guest) {
    return <LoginScreen onSkip={() => sessionStore.getState().enterAsGuest()} />;
  }
  // Without an account only the flow editor's examples are there to try.
  if (!session && guest && !location.pathname.startsWith('/flows')) return <Navigate to="/flows" replace />;

  return (
    <div className="shell">
      <AppHeader />
      <div className="shell__main">
        {session && !caller ? (
          <p className="page__loading" role="status">
            Loading your workspace…
          </p>
        ) : (
          <Outlet />
        )}
      </div>
    </div>
  );
}

/** "/" opens the first section the person may use. */
export function HomeRedirect() {
  const caller = useSession((state) => state.caller);
  const guest = useSession((state) => state.guest);
  return <Navigate to={guest && !caller ? '/flows' : homePath(caller)} replace />;
}

/** A page the person's role does not allow: said plainly (the API would refuse it anyway). */
export function RequirePermission({ needs, children }: { needs: Permission; children: React.ReactNode }) {
  const caller = useSession((state) => state.caller);
  const guest = useSession((state) => state.guest);
  if (guest && !caller && needs === 'flows:write') return <>{children}</>;
  if (can(caller, needs)) return <>{children}</>;
  return (
    <section className="page">
      <h1>Not available for your role</h1>
      <p className="muted">Ask an owner or an admin of the workspace if you need this.</p>
    </section>
  );
}

export function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p className="muted">The address does not match any page of Leadline.</p>
    </section>
  );
}
