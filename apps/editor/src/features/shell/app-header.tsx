import { NavLink } from 'react-router';
import { ROLE_LABELS, sessionStore, useSession, type Role } from '../auth';
import { sectionsFor } from './sections';

/** The workspace, the sections the person may open, who is signed in and their role, and sign-out. */
export function AppHeader() {
  const session = useSession((state) => state.session);
  const caller = useSession((state) => state.caller);
  const guest = useSession((state) => state.guest);
  const signOut = useSession((state) => state.signOut);
  const sections = guest ? [{ path: '/flows', label: 'Flows' }] : sectionsFor(caller);
  const role = caller?.role
    ? ROLE_LABELS[caller.role as Role]
    : caller?.kind === 'api_key'
      ? 'API key'
      : null;

  return (
    <header className="app-header">
      <span className="app-header__brand">
        <span aria-hidden="true">💬</span> Leadline
        {session?.workspace && <span className="app-header__workspace">{session.workspace}</span>}
      </span>
      <nav className="app-header__nav" aria-label="Sections">
        {sections.map((section) => (
          <NavLink key={section.path} to={section.path} className="app-header__link">
            {section.label}
          </NavLink>
        ))}
      </nav>
      <div className="app-header__user">
        {session ? (
          <>
            <span className="app-header__who" data-testid="signed-in-user">
              {session.name || session.who}
              {role && <span className="app-header__role">{role}</span>}
            </span>
            <button type="button" className="button button--link" onClick={() => void signOut()}>
              Sign out
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--link"
            onClick={() => sessionStore.setState({ guest: false })}
          >
            Sign in
          </button>
        )}
      </div>
    </header>
  );
}
