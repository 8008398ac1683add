import { useId, useRef, useState } from 'react';
import { ThemeToggle } from './theme-toggle.js';
import { useDismiss } from './use-dismiss.js';

/**
 * Who is signed in, as one button in the top bar (so the bar fits one line at 1280 px): it
 * opens a panel with the role, the colour theme and "Sign out". Escape, a click elsewhere or
 * the focus moving elsewhere closes the panel.
 */
export function AccountMenu({
  name,
  role,
  signOut,
}: {
  name: string;
  role: string;
  signOut: () => void;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useDismiss(open, setOpen, box, button);
  return (
    <div className="account" ref={box}>
      <button
        type="button"
        ref={button}
        aria-expanded={open}
        aria-controls={id}
        title={`${name} (${role})`}
        onClick={() => setOpen(!open)}
      >
        <span className="visually-hidden">Account: </span>
        {/* A long name is cut short (the tooltip has it whole) rather than wrapping the bar. */}
        <span className="account-name">{name}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <div id={id} className="account-panel" hidden={!open}>
        <p>
          Signed in as <strong>{name}</strong> <span className="muted">({role})</span>
        </p>
        <ThemeToggle />
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </div>
    </div>
  );
}
