import { useCallback, useEffect, useState } from 'react';
import { type ApiError, type ApiResult, api, seg } from '../../api/client.js';
import { useAbilities } from '../../api/session.js';
import type { UserItem } from '../../api/types.js';
import { useChain } from '../../api/use-chain.js';
import { ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';
import { SimpleForm } from '../model/simple-form.js';
import { UserTeamsEditor } from './user-teams.js';

const ROLES: [string, string][] = [
  ['viewer', 'viewer'],
  ['editor', 'editor'],
  ['admin', 'admin'],
];

/** Admins: users, their roles, teams and disabled flag (GET/POST/PATCH/DELETE /api/v1/users). */
export function UsersPage() {
  useTitle('Users');
  const { admin } = useAbilities();
  const [users, setUsers] = useState<ApiResult<{ items: UserItem[] }> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editingTeams, setEditingTeams] = useState<string | null>(null);
  const { parties } = useChain();
  const load = useCallback(async () => setUsers(await api<{ items: UserItem[] }>('/users')), []);
  useEffect(() => {
    void load();
  }, [load]);

  /** Reads the user's current ETag, then changes it (If-Match), so no one's change is lost. */
  const send = async (name: string, patch: Record<string, unknown>, remove = false) => {
    const current = await api<UserItem>(`/users/${seg(name)}`);
    if (!current.ok) return current;
    const result = await api(`/users/${seg(name)}`, {
      method: remove ? 'DELETE' : 'PATCH',
      body: remove ? undefined : patch,
      ifMatch: current.etag ?? '*',
    });
    if (result.ok) await load();
    return result;
  };
  const change = async (name: string, patch: Record<string, unknown>, remove = false) => {
    const result = await send(name, patch, remove);
    setError(result.ok ? null : result.error);
  };

  if (!admin) return <ErrorState title="Users" error="Only admins manage users." />;
  if (!users) return <Loading what="the users" />;
  if (!users.ok) return <ErrorState title="The users could not be loaded" error={users.error} />;
  return (
    <>
      <h1>Users</h1>
      {error ? <ErrorState title="Not changed" error={error} /> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.value.items.map((u) => (
            <tr key={u.name}>
              <td>{u.name}</td>
              <td>
                <label className="visually-hidden" htmlFor={`role-${u.name}`}>
                  Role of {u.name}
                </label>
                <select
                  id={`role-${u.name}`}
                  value={u.role}
                  onChange={(e) => void change(u.name, { role: e.target.value })}
                >
                  {ROLES.map(([r]) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>
                {editingTeams === u.name ? (
                  <UserTeamsEditor
                    user={u}
                    parties={parties}
                    onSave={(teams) => send(u.name, { teams })}
                    onClose={() => setEditingTeams(null)}
                  />
                ) : (
                  <span className="row">
                    <span>{u.teams.join(', ') || <span className="muted">none</span>}</span>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Edit the teams of ${u.name}`}
                      onClick={() => setEditingTeams(u.name)}
                    >
                      Edit
                    </button>
                  </span>
                )}
              </td>
              <td>{u.disabled ? 'disabled' : u.passwordSet ? 'active' : 'no password yet'}</td>
              <td className="row">
                <button
                  type="button"
                  onClick={() => void change(u.name, { disabled: !u.disabled })}
                >
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    window.confirm(`Delete the user ${u.name}, with their sessions and tokens?`) &&
                    void change(u.name, {}, true)
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cards" style={{ marginTop: 'var(--s5)' }}>
        <SimpleForm
          id="new-user"
          title="New user"
          submitText="Create user"
          fields={[
            { name: 'name', label: 'Name', required: true, maxLength: 63 },
            { name: 'role', label: 'Role', options: ROLES },
            { name: 'teams', label: 'Teams', hint: '(party ids, comma-separated)' },
            {
              name: 'password',
              label: 'Password',
              hint: '(at least 10 characters; leave empty to set later)',
            },
          ]}
          onSubmit={async (v) => {
            const teams = (v.teams ?? '')
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean);
            const result = await api('/users', {
              method: 'POST',
              body: {
                name: v.name,
                role: v.role,
                teams,
                ...(v.password ? { password: v.password } : {}),
              },
            });
            if (result.ok) void load();
            return result;
          }}
          done={(v) => `Created the user ${v.name}.`}
        />
      </div>
    </>
  );
}
