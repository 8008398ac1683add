import { type ChangeEvent, useState } from 'react';
import { LIMITS } from '../../../../src/api/schemas/limits.js';
import { type ApiResult, api } from '../../api/client.js';
import type { Plan } from '../../api/types.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState } from '../../components/states.js';

function short(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The plan of an import: what would be created, changed field by field, and deleted. */
export function PlanView({ plan }: { plan: Plan }) {
  const total = plan.created.length + plan.changed.length + plan.deleted.length;
  if (total === 0)
    return <Empty title="Nothing to change">The model already matches these files.</Empty>;
  return (
    <div data-testid="plan">
      <p>
        <strong>{plan.created.length}</strong> to create, <strong>{plan.changed.length}</strong> to
        change, <strong>{plan.deleted.length}</strong> to delete.
      </p>
      <ul>
        {plan.created.map((e) => (
          <li key={`c:${e.kind}:${e.key}`}>
            <span aria-hidden="true">+ </span>create {e.kind} <code>{e.key}</code>{' '}
            {e.name !== e.key ? e.name : ''}
          </li>
        ))}
        {plan.changed.map((e) => (
          <li key={`u:${e.kind}:${e.key}`}>
            <span aria-hidden="true">~ </span>change {e.kind} <code>{e.key}</code>
            <ul>
              {e.fields.map((f) => (
                <li key={f.field}>
                  <code>{f.field}</code>: {short(f.before)} → {short(f.after)}
                </li>
              ))}
            </ul>
          </li>
        ))}
        {plan.deleted.map((e) => (
          <li key={`d:${e.kind}:${e.key}`}>
            <span aria-hidden="true">− </span>delete {e.kind} <code>{e.key}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** YAML import: plan first (POST /model/plan), apply only what was shown (POST /model/apply). */
export function ImportPanel({ mayWrite }: { mayWrite: boolean }) {
  const chain = useChain();
  const [text, setText] = useState('');
  const [prune, setPrune] = useState(false);
  const [plan, setPlan] = useState<ApiResult<Plan> | null>(null);
  const [applied, setApplied] = useState<ApiResult<Plan & { applied: boolean }> | null>(null);
  const [busy, setBusy] = useState(false);
  const send = (path: string) =>
    api<Plan & { applied: boolean }>(`${path}${prune ? '?prune=true' : ''}`, {
      method: 'POST',
      text: { content: text, type: 'application/yaml' },
    });
  const makePlan = async () => {
    setBusy(true);
    setApplied(null);
    setPlan(await send('/model/plan'));
    setBusy(false);
  };
  const apply = async () => {
    setBusy(true);
    const result = await send('/model/apply');
    setApplied(result);
    setBusy(false);
    if (result.ok) {
      setPlan(null);
      void chain.data.reload();
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > LIMITS.modelBodyBytes)
      return setPlan({
        ok: false,
        error: {
          status: 413,
          code: 'payload_too_large',
          message: `the file is over ${LIMITS.modelBodyBytes / 1024 / 1024} MiB`,
        },
      });
    setText(await file.text());
    setPlan(null);
  };
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import model files</h2>
      <p className="muted">
        Paste YAML documents (apiVersion servicechain/v1) or choose a file. You see the plan before
        anything changes.
      </p>
      <div className="field">
        <label htmlFor="import-file">File</label>
        <input
          id="import-file"
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml"
          onChange={(e) => void onFile(e)}
        />
      </div>
      <div className="field">
        <label htmlFor="import-text">YAML</label>
        <textarea
          id="import-text"
          rows={12}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPlan(null);
          }}
          spellCheck={false}
        />
      </div>
      <div className="row">
        <label className="row">
          <input
            type="checkbox"
            checked={prune}
            onChange={(e) => {
              setPrune(e.target.checked);
              setPlan(null);
            }}
          />{' '}
          Also delete what the files do not mention
        </label>
        <button type="button" onClick={() => void makePlan()} disabled={busy || text.trim() === ''}>
          Show the plan
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void apply()}
          disabled={busy || !plan?.ok || !mayWrite}
        >
          Apply this plan
        </button>
      </div>
      {!mayWrite ? <p className="muted">Applying needs the editor role.</p> : null}
      {plan && !plan.ok ? (
        <ErrorState title="The files cannot be applied" error={plan.error} />
      ) : null}
      {plan?.ok ? <PlanView plan={plan.value} /> : null}
      {applied && !applied.ok ? <ErrorState title="Not applied" error={applied.error} /> : null}
      {applied?.ok ? (
        <p className="notice" role="status">
          {applied.value.applied
            ? `Applied: ${applied.value.created.length} created, ${applied.value.changed.length} changed, ${applied.value.deleted.length} deleted.`
            : 'Nothing to apply: the model already matched.'}
        </p>
      ) : null}
    </section>
  );
}
