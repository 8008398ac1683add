import { useEffect, useId, useRef, useState } from 'react';
import { type ShownStatuses, setTimeTravel, useTimeTravel } from '../api/time-travel.js';
import { fromLocalInput, STEPS, stepFrom, toLocalInput } from '../api/time-travel-model.js';
import { ErrorState, Loading } from './states.js';
import { useDismiss } from './use-dismiss.js';

/**
 * The time control in the top bar: one button, saying "Time travel" while live and the moment
 * shown while in the past, that opens a panel (so the bar fits one line at 1280 px) with a
 * moment to look at (date and time, to the second), quick steps back, and "Now" to return to
 * live. The board and the map follow it. Escape or a click elsewhere closes the panel.
 */
export function TimeControl() {
  const at = useTimeTravel();
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useDismiss(open, setOpen, box, button);
  return (
    <div className="time-travel" ref={box}>
      <button
        type="button"
        ref={button}
        className={at ? 'primary' : undefined}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {at
          ? `Past: ${new Date(at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}`
          : 'Time travel'}
        <span aria-hidden="true"> ▾</span>
      </button>
      <div id={id} className="time-travel-panel" hidden={!open}>
        <TimeFields at={at} />
      </div>
    </div>
  );
}

/** The moment, the steps back and "Now", in the time control's panel. */
function TimeFields({ at }: { at: string | null }) {
  const [text, setText] = useState(() => (at ? toLocalInput(at) : ''));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(at ? toLocalInput(at) : ''), [at]);
  const apply = (value: string) => {
    setText(value);
    if (value === '') return;
    const iso = fromLocalInput(value);
    if (!iso) return setProblem('not a date and time');
    if (Date.parse(iso) >= Date.now()) return setProblem('that is not in the past');
    setProblem(null);
    setTimeTravel(iso);
  };
  return (
    <fieldset className="time-control" data-past={at ? 'true' : 'false'}>
      <legend className="visually-hidden">Time travel</legend>
      <label htmlFor="time-travel-at">{at ? 'Showing the past at' : 'Look back to'}</label>
      <input
        id="time-travel-at"
        type="datetime-local"
        step={1}
        max={toLocalInput(new Date().toISOString())}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'time-travel-problem' : undefined}
        onChange={(e) => apply(e.target.value)}
      />
      {problem ? (
        <span id="time-travel-problem" className="field-problem" role="alert">
          {problem}
        </span>
      ) : null}
      {STEPS.map((step) => (
        <button
          key={step.label}
          type="button"
          aria-label={`Back ${step.label}`}
          title={`Back ${step.label}`}
          onClick={() => setTimeTravel(stepFrom(at, -step.ms, Date.now()))}
        >
          −{step.label.replace(/^1 /, '1\u00a0')}
        </button>
      ))}
      <button
        type="button"
        className={at ? 'primary' : undefined}
        disabled={!at}
        onClick={() => {
          setProblem(null);
          setTimeTravel(null);
        }}
      >
        Now
      </button>
    </fieldset>
  );
}

/**
 * Said above the board and the map while they show the past, so nobody mistakes it for now;
 * with the loading and error states of the past statuses.
 */
export function PastBanner({ shown }: { shown: ShownStatuses }) {
  if (!shown.at) return null;
  return (
    <>
      <div className="past-banner" role="status" data-testid="past-banner">
        <strong>The past, not live:</strong> statuses as they were at{' '}
        <time dateTime={shown.at}>{new Date(shown.at).toLocaleString()}</time>.{' '}
        <button type="button" onClick={() => setTimeTravel(null)}>
          Back to now
        </button>
      </div>
      {shown.state === 'loading' ? <Loading what="the statuses of that moment" /> : null}
      {shown.state === 'error' ? (
        <ErrorState
          title="The statuses of that moment could not be loaded"
          error={shown.error ?? ''}
        />
      ) : null}
    </>
  );
}
