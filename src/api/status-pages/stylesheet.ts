import { createHash } from 'node:crypto';

/**
 * The status pages' one stylesheet, served from this origin (the page's policy allows no inline
 * style). Status colours always come with the status in words.
 */
export const STATUS_PAGE_CSS = `
:root { color-scheme: light dark; --ok: #1a7f37; --unknown: #6e7781; --degraded: #9a6700;
  --partial: #bc4c00; --major: #cf222e; --maintenance: #0969da; --muted: #57606a;
  --line: #d0d7de; --bg: #ffffff; --fg: #1f2328; }
@media (prefers-color-scheme: dark) {
  :root { --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --fg: #e6edf3; --ok: #3fb950;
    --unknown: #9198a1; --degraded: #d29922; --partial: #db6d28; --major: #f85149;
    --maintenance: #4493f8; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1rem 3rem; background: var(--bg);
  color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
a { color: var(--maintenance); }
.branding, .meta, .updated, .bar-legend, footer { color: var(--muted); }
.branding { margin: 0; white-space: pre-line; }
.overall { margin-top: 1.5rem; padding: 1rem 1.25rem; border-radius: .5rem; color: #fff; }
.overall h2 { margin: 0; font-size: 1.3rem; }
.overall p { margin: .25rem 0 0; }
.s-operational { --tone: var(--ok); } .s-unknown { --tone: var(--unknown); }
.s-degraded { --tone: var(--degraded); } .s-partial_outage { --tone: var(--partial); }
.s-major_outage { --tone: var(--major); } .s-maintenance { --tone: var(--maintenance); }
.overall { background: var(--tone); }
.components { list-style: none; margin: 0; padding: 0; border: 1px solid var(--line);
  border-radius: .5rem; }
.component { padding: .75rem 1rem; border-top: 1px solid var(--line); }
.component:first-child { border-top: 0; }
.component-head { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.name { font-weight: 600; }
.status-text { color: var(--tone); font-weight: 600; }
.status-text::before { content: "● "; }
.causes { margin: .25rem 0 0; font-size: .9rem; }
.uptime-figure { margin: .5rem 0 .25rem; font-size: .85rem; color: var(--muted); }
.bars { display: flex; gap: 2px; list-style: none; margin: 0; padding: 0; height: 2rem; }
.bar { flex: 1 1 0; min-width: 2px; border-radius: 1px; background: var(--tone); }
.bar.s-operational { opacity: .85; }
.bar-legend { display: flex; justify-content: space-between; font-size: .75rem; }
.incident, .maintenance { border-left: 4px solid var(--tone); padding: .25rem 0 .25rem 1rem;
  margin: 1rem 0; }
.incident h3, .maintenance h3 { margin: 0; }
.updates { list-style: none; margin: .5rem 0 0; padding: 0; }
.updates li { margin: .5rem 0; }
.message { white-space: pre-line; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 3rem; font-size: .9rem; }
.sign-up form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.sign-up label { flex-basis: 100%; font-weight: 600; }
.sign-up input[type="email"] { flex: 1 1 16rem; padding: .45rem .6rem; font: inherit;
  color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: .35rem; }
.sign-up button { padding: .45rem 1rem; font: inherit; font-weight: 600; color: #fff;
  background: var(--maintenance); border: 0; border-radius: .35rem; cursor: pointer; }
.form-error { color: var(--major); font-weight: 600; }
`;

/** A short hash of the stylesheet: its ETag and the version in its address. */
export const STATUS_PAGE_CSS_HASH = createHash('sha256')
  .update(STATUS_PAGE_CSS)
  .digest('hex')
  .slice(0, 16);
