import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type ApiError, type ApiResult, api, seg } from '../../api/client.js';
import type { TokenItem } from '../../api/types.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';

const SCOPES = ['read', 'write', 'ingest', 'admin'] as const;

function when(time: string | null): string {
  return time ? new Date(time).toLocaleString() : '—';
}

/** API tokens: everyone their own, admins everyone's; a new token's secret is shown once. */
export function TokensPage() {
  useTitle('API tokens');
  const [tokens, setTokens] = useState<ApiResult<{ items: TokenItem[] }> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState('90');
  const load = useCallback(async () => setTokens(await api<{ items: TokenItem[] }>('/tokens')), []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const result = await api<{ token: TokenItem; secret: string }>('/tokens', {
      method: 'POST',
      body: { name, scopes, expiresInDays: days === 'never' ? null : Number(days) },
    });
    if (result.ok) {
      setSecret(result.value.secret);
      setName('');
      setError(null);
      await load();
    } else setError(result.error);
  };
  const revoke = async (id: string) => {
    const result = await api(`/tokens/${seg(id)}`, { method: 'DELETE' });
    setError(result.ok ? null : result.error);
    await load();
  };

  return (
    <>
      <h1>API tokens</h1>
      {error ? <ErrorState title="Not done" error={error} /> : null}
      {secret ? (
        <div className="notice" role="status">
          <p>
            <strong>Copy the new token now.</strong> It is not shown again.
          </p>
          <p className="secret" data-testid="token-secret">
            {secret}
          </p>
          <button type="button" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      <form className="card" onSubmit={create} aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="token-name">Name</label>
            <input
              id="token-name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="token-days">Expires after</label>
            <select id="token-days" value={days} onChange={(e) => setDays(e.target.value)}>
              {['7', '30', '90', '365'].map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
              <option value="never">never</option>
            </select>
          </div>
        </div>
        <fieldset className="row">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="row">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) =>
                  setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))
                }
              />{' '}
              {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={scopes.length === 0}>
          Create token
        </button>
      </form>
      <h2>Tokens</h2>
      {!tokens ? (
        <Loading what="the tokens" />
      ) : !tokens.ok ? (
        <ErrorState title="The tokens could not be loaded" error={tokens.error} />
      ) : tokens.value.items.length === 0 ? (
        <Empty title="No tokens yet">Create one above for scripts and monitoring.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">User</th>
              <th scope="col">Scopes</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.value.items.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.user}</td>
                <td>{t.scopes.join(', ')}</td>
                <td>{when(t.expiresAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    'revoked'
                  ) : (
                    <button type="button" className="danger" onClick={() => void revoke(t.id)}>
                      Revoke {t.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
