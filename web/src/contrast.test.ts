/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG 2 contrast of the theme colours in styles.css, light and dark, checked pair by pair. */
const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]),
  );
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const LEVELS = ['operational', 'unknown', 'degraded', 'partial_outage', 'major_outage'];
const themes = { light: block(':root'), dark: block(':root[data-theme="dark"]') };

describe.each(Object.entries(themes))('the %s theme', (_name, v) => {
  const c = (fg: string, bg: string) => contrast(v[fg] as string, v[bg] as string);

  it('has every colour it needs', () => {
    for (const name of [
      'bg',
      'bg-soft',
      'text',
      'muted',
      'accent',
      'accent-text',
      'danger',
      'icon-ink',
      'focus',
    ])
      expect(v[name], name).toMatch(/^#/);
    for (const level of LEVELS) expect(v[`lv-${level}`], level).toMatch(/^#/);
  });

  it('gives text at least 4.5:1 (AA) on both backgrounds', () => {
    for (const fg of ['text', 'muted', 'accent', 'danger'])
      for (const bg of ['bg', 'bg-soft'])
        expect(c(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    expect(c('accent-text', 'accent')).toBeGreaterThanOrEqual(4.5);
  });

  it('gives status icons and the focus ring at least 3:1 (non-text AA), and icon marks on them too', () => {
    for (const level of LEVELS) {
      for (const bg of ['bg', 'bg-soft'])
        expect(c(`lv-${level}`, bg), `${level} on ${bg}`).toBeGreaterThanOrEqual(3);
      expect(c('icon-ink', `lv-${level}`), `mark on ${level}`).toBeGreaterThanOrEqual(3);
    }
    expect(c('focus', 'bg')).toBeGreaterThanOrEqual(3);
  });

  it('keeps the dark block under prefers-color-scheme identical to the toggled one', () => {
    if (_name === 'dark') expect(block(':root:not([data-theme="light"])')).toEqual(v);
  });
});
