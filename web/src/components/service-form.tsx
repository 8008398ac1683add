import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../src/api/schemas/limits.js';
import { CONVENTIONAL_LABELS, CRITICALITIES, LIFECYCLES } from '../../../src/model/entities.js';
import type { ApiError, ApiResult } from '../api/client.js';
import type { PartyItem, ServiceItem } from '../api/types.js';
import { ErrorState } from './states.js';

/** The fields the form edits, in the API's written form. */
export interface ServiceFields {
  id: string;
  name: string;
  description: string;
  label: string;
  provider: string;
  lifecycle: string;
  criticality: string;
  tags: string;
  slo: string;
  costPerHour: string;
}

export function fieldsOf(service?: ServiceItem): ServiceFields {
  return {
    id: service?.id ?? '',
    name: service?.name ?? '',
    description: service?.description ?? '',
    label: service?.label ?? 'application',
    provider: service?.provider ?? '',
    lifecycle: service?.lifecycle ?? 'live',
    criticality: service?.criticality ?? '',
    tags: (service?.tags ?? []).join(', '),
    slo: service?.slo === undefined ? '' : String(service.slo),
    costPerHour: service?.costPerHour === undefined ? '' : String(service.costPerHour),
  };
}

/**
 * The body for POST (all fields) or a merge patch (null removes a field). Numbers that do not
 * parse go as text, so the API names the problem rather than the form hiding it.
 */
export function bodyOf(fields: ServiceFields, forPatch: boolean): Record<string, unknown> {
  const none = forPatch ? null : undefined;
  const num = (text: string) =>
    text.trim() === '' ? none : Number.isNaN(Number(text)) ? text : Number(text);
  const body: Record<string, unknown> = {
    name: fields.name.trim() || none,
    description: fields.description.trim() || none,
    label: fields.label.trim() || none,
    provider: fields.provider || none,
    lifecycle: fields.lifecycle || none,
    criticality: fields.criticality || none,
    tags: fields.tags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    slo: num(fields.slo),
    costPerHour: num(fields.costPerHour),
  };
  if (!forPatch) body.id = fields.id.trim();
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/** Creates or edits a service; shows every problem the API reports, each with its field. */
export function ServiceForm({
  initial,
  parties,
  creating,
  onSubmit,
  onCancel,
}: {
  initial?: ServiceItem;
  parties: readonly PartyItem[];
  creating: boolean;
  onSubmit(fields: ServiceFields): Promise<ApiResult<unknown>>;
  onCancel?(): void;
}) {
  const [fields, setFields] = useState<ServiceFields>(() => fieldsOf(initial));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const set = (patch: Partial<ServiceFields>) => setFields((f) => ({ ...f, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await onSubmit(fields);
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (result.ok && creating) {
      setCreated(fields.name || fields.id);
      setFields(fieldsOf());
    }
  };
  const prefix = creating ? 'new-service' : 'edit-service';
  const text = (key: keyof ServiceFields, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`${prefix}-${key}`}>{label}</label>
      <input
        id={`${prefix}-${key}`}
        value={fields[key]}
        onChange={(e) => set({ [key]: e.target.value })}
        {...props}
      />
    </div>
  );
  return (
    <form onSubmit={submit} aria-label={creating ? 'New service' : 'Edit service'}>
      {error ? <ErrorState title="The service was not saved" error={error} /> : null}
      {created && !error ? (
        <p className="notice" role="status">
          Created the service {created}.
        </p>
      ) : null}
      <div className="form-grid">
        {creating
          ? text('id', 'Id', {
              required: true,
              maxLength: LIMITS.idMaxLength,
              pattern: '[a-z0-9][a-z0-9._\\-]*',
              title: 'lower-case letters, digits, ".", "_" and "-"',
            })
          : null}
        {text('name', 'Name', { maxLength: LIMITS.nameMaxLength })}
        <div className="field">
          <label htmlFor={`${prefix}-label`}>Label</label>
          <input
            id={`${prefix}-label`}
            list={`${prefix}-labels`}
            maxLength={LIMITS.labelMaxLength}
            value={fields.label}
            onChange={(e) => set({ label: e.target.value })}
          />
          <datalist id={`${prefix}-labels`}>
            {CONVENTIONAL_LABELS.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-provider`}>Provider</label>
          <select
            id={`${prefix}-provider`}
            value={fields.provider}
            onChange={(e) => set({ provider: e.target.value })}
          >
            <option value="">No provider</option>
            {parties.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-lifecycle`}>Lifecycle</label>
          <select
            id={`${prefix}-lifecycle`}
            value={fields.lifecycle}
            onChange={(e) => set({ lifecycle: e.target.value })}
          >
            {LIFECYCLES.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-criticality`}>Criticality</label>
          <select
            id={`${prefix}-criticality`}
            value={fields.criticality}
            onChange={(e) => set({ criticality: e.target.value })}
          >
            <option value="">Not set</option>
            {CRITICALITIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        {text('tags', 'Tags (comma-separated)')}
        {text('slo', 'SLO (percent)', { inputMode: 'decimal' })}
        {text('costPerHour', 'Cost per hour of outage', { inputMode: 'decimal' })}
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-description`}>Description</label>
        <textarea
          id={`${prefix}-description`}
          rows={3}
          maxLength={LIMITS.descriptionMaxLength}
          value={fields.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {creating ? 'Create service' : 'Save changes'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
