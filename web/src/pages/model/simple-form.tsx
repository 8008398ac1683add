import { type FormEvent, type ReactNode, useState } from 'react';
import type { ApiError, ApiResult } from '../../api/client.js';
import { ErrorState } from '../../components/states.js';

export interface FieldSpec {
  name: string;
  label: string;
  required?: boolean;
  maxLength?: number;
  /** A select's choices as [value, text]; a text input when absent. */
  options?: [string, string][];
  inputMode?: 'decimal' | 'text';
  hint?: string;
}

/**
 * A small create form: labelled fields, the API's problems shown with their fields, a note
 * when it worked. `toBody` turns the texts into the request body.
 */
export function SimpleForm({
  id,
  title,
  fields,
  submitText,
  onSubmit,
  done,
}: {
  id: string;
  title: string;
  fields: FieldSpec[];
  submitText: string;
  onSubmit(values: Record<string, string>): Promise<ApiResult<unknown>>;
  done(values: Record<string, string>): ReactNode;
}) {
  const empty = () => Object.fromEntries(fields.map((f) => [f.name, f.options?.[0]?.[0] ?? '']));
  const [values, setValues] = useState<Record<string, string>>(empty);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await onSubmit(values);
    setBusy(false);
    if (result.ok) {
      setMessage(done(values));
      setError(null);
      setValues(empty());
    } else {
      setError(result.error);
      setMessage(null);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {error ? <ErrorState title="Not saved" error={error} /> : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {fields.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>
            {f.label} {f.hint ? <span className="hint">{f.hint}</span> : null}
          </label>
          {f.options ? (
            <select
              id={`${id}-${f.name}`}
              value={values[f.name]}
              required={f.required}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            >
              {f.options.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-${f.name}`}
              value={values[f.name]}
              required={f.required}
              maxLength={f.maxLength}
              inputMode={f.inputMode}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          )}
        </div>
      ))}
      <button type="submit" className="primary" disabled={busy}>
        {submitText}
      </button>
    </form>
  );
}

/** A number field's text as the body wants it: absent when empty, text when it does not parse. */
export function numberOrText(text: string): number | string | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}
