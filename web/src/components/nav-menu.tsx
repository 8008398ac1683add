import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { Link } from '../router.js';
import { useDismiss } from './use-dismiss.js';

export interface NavMenuItem {
  to: string;
  label: string;
}

/**
 * A group of navigation links behind one button (the disclosure pattern for site navigation: a
 * button with aria-expanded and a list of ordinary links, not an ARIA menu). Enter, Space or
 * ArrowDown opens it; ArrowUp, ArrowDown, Home and End move between its links; Escape closes it
 * and gives the focus back to the button; it also closes when the focus or a click goes
 * elsewhere and when a link is followed.
 */
export function NavMenu({
  label,
  items,
  current,
}: {
  label: string;
  items: readonly NavMenuItem[];
  /** The item for the page shown, marked in the list and on the button; none when elsewhere. */
  current: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const links = () => [...(box.current?.querySelectorAll<HTMLAnchorElement>('ul a') ?? [])];

  useDismiss(open, setOpen, box, button);

  const focusLink = (which: 'first' | 'last' | 1 | -1) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    const next =
      which === 'first'
        ? 0
        : which === 'last'
          ? all.length - 1
          : (at + which + all.length) % all.length;
    all[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const onButton = document.activeElement === button.current;
      if (!open) setOpen(true);
      // The list is shown only after this render: focus its link on the next frame.
      const move = onButton
        ? event.key === 'ArrowDown'
          ? 'first'
          : 'last'
        : event.key === 'ArrowDown'
          ? 1
          : -1;
      requestAnimationFrame(() => focusLink(move));
    } else if (open && (event.key === 'Home' || event.key === 'End')) {
      event.preventDefault();
      focusLink(event.key === 'Home' ? 'first' : 'last');
    }
  };

  return (
    <li className="nav-menu" ref={box} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={button}
        aria-expanded={open}
        aria-controls={id}
        data-current={current !== undefined ? 'true' : undefined}
        onClick={() => setOpen(!open)}
      >
        {label}
        {current !== undefined ? (
          <span className="visually-hidden"> (current: {current})</span>
        ) : null}
        <span aria-hidden="true"> ▾</span>
      </button>
      <ul id={id} hidden={!open}>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              aria-current={item.label === current ? 'page' : undefined}
              onClick={() => setOpen(false)}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </li>
  );
}
