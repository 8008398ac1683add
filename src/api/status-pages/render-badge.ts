import type { ComponentView } from '../../status-pages/page-view.js';
import { escapeXml } from './render-atom.js';
import { STATUS_WORDS } from './wording.js';

const COLOURS: Record<ComponentView['status'], string> = {
  operational: '#1a7f37',
  unknown: '#6e7781',
  degraded: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  maintenance: '#0969da',
};

/**
 * The width of text in 11px Verdana, roughly: narrow letters, wide letters and the rest. Close
 * enough that a badge neither clips nor gapes.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    if (/[iljtf.,:;'!|() ]/.test(c)) width += 3.9;
    else if (/[mwMW@%]/.test(c)) width += 10.5;
    else if (/[A-Z0-9]/.test(c)) width += 7.6;
    else width += 6.6;
  }
  return Math.ceil(width);
}

/** A shields-style badge: the entry's shown name, then its status in words on its colour. */
export function renderBadge(view: ComponentView): string {
  const label = view.name;
  const value = STATUS_WORDS[view.status].toLowerCase();
  const left = textWidth(label) + 12;
  const right = textWidth(value) + 12;
  const width = left + right;
  const text = escapeXml(`${label}: ${value}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${text}">
<title>${text}</title>
<rect width="${left}" height="20" fill="#555"/>
<rect x="${left}" width="${right}" height="20" fill="${COLOURS[view.status]}"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="${left / 2}" y="14">${escapeXml(label)}</text>
<text x="${left + right / 2}" y="14">${escapeXml(value)}</text>
</g>
</svg>
`;
}
