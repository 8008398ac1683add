import { type FormEvent, useState } from 'react';
import { type ApiError, api, setCsrfToken } from '../api/client.js';
import { useSession } from '../api/session.js';
import { ErrorState } from '../components/states.js';
import { useTitle } from '../components/use-title.js';
import { navigate } from '../router.js';

/** Signs in through POST /api/v1/auth/login, then goes where the user was heading. */
export function SignInPage({ expired, next }: { expired: boolean; next: string }) {
  useTitle('Sign in');
  const { refresh } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await api<{ csrfToken: string }>('/auth/login', {
      method: 'POST',
      body: { name, password },
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setCsrfToken(result.value.csrfToken);
    await refresh();
    navigate(next === '/sign-in' ? '/' : next, { replace: true });
  };

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {expired ? (
        <p className="notice" role="status">
          Your session has ended. Sign in again to carry on where you were.
        </p>
      ) : null}
      {error ? (
        <ErrorState
          title={error.status === 429 ? 'Too many attempts' : 'Not signed in'}
          error={error}
        />
      ) : null}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="sign-in-name">Name</label>
          <input
            id="sign-in-name"
            autoComplete="username"
            required
            maxLength={63}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
