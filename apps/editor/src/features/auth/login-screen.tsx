import { useState, type FormEvent } from 'react';
import { useSession } from '.';
import { LoginField } from './login-field';

/**
 * Sign in against the API: a workspace, an email and a password (POST /api/auth/login), or an API key
 * with the flows permissions for automation and self-hosters without users yet.
 */
export function LoginScreen({ onSkip }: { onSkip(): void }) {
  const signIn = useSession((state) => state.signIn);
  const signInWithKey = useSession((state) => state.signInWithKey);
  const busy = useSession((state) => state.busy);
  const error = useSession((state) => state.error);
  const [mode, setMode] = useState<'password' | 'key'>('password');
  const [tenant, setTenant] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void (mode === 'password' ? signIn(tenant, email, password) : signInWithKey(key));
  };

  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} aria-label="Sign in">
        <h1>
          <span aria-hidden="true">💬</span> Leadline
        </h1>
        <p className="muted">
          Sign in to your team's workspace: conversations, contacts, pipeline and flows.
        </p>
        <div className="login__modes" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'password'}
            onClick={() => setMode('password')}
          >
            Email
          </button>
          <button type="button" role="tab" aria-selected={mode === 'key'} onClick={() => setMode('key')}>
            API key
          </button>
        </div>
        {mode === 'password' ? (
          <>
            <LoginField label="Workspace" value={tenant} onChange={setTenant} autoComplete="organization" />
            <LoginField
              label="Email"
              type="email"
              value={email}
              onChange={setEmail}
              autoComplete="username"
            />
            <LoginField
              label="Password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
            />
          </>
        ) : (
          <LoginField label="API key" type="password" value={key} onChange={setKey} placeholder="ll_…" />
        )}
        {error && (
          <p className="login__error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="button button--link" onClick={onSkip}>
          Try the editor without signing in (examples only)
        </button>
      </form>
    </main>
  );
}
