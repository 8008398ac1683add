import type { StylesheetJson } from 'cytoscape';
import { STATUS_LEVELS } from '../../../../src/model/levels.js';
import { LEVEL_TEXT } from '../../components/status.js';

/** Node shapes match the status icons, so the map reads without colour too. */
const SHAPES = {
  operational: 'ellipse',
  unknown: 'ellipse',
  degraded: 'triangle',
  partial_outage: 'diamond',
  major_outage: 'rectangle',
} as const;

/** The map's stylesheet, coloured from the page's theme variables. */
export function mapStyle(): StylesheetJson {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim() || '#888';
  const levels = STATUS_LEVELS.map((level) => ({
    selector: `node[level = "${level}"]`,
    style: {
      'background-color': v(`--lv-${level}`),
      shape: SHAPES[level],
      'border-style': (level === 'unknown' ? 'dashed' : 'solid') as 'dashed' | 'solid',
    },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(caption)',
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'font-size': 11,
        color: v('--text'),
        'text-background-color': v('--bg-soft'),
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        width: 22,
        height: 22,
        'border-width': 2,
        'border-color': v('--border'),
        'min-zoomed-font-size': 7,
      },
    },
    ...levels,
    {
      selector: 'node[kind = "party"]',
      style: {
        shape: 'round-rectangle',
        'background-color': v('--bg-raised'),
        'border-color': v('--accent'),
        width: 34,
        height: 18,
      },
    },
    { selector: 'node.focus', style: { 'border-width': 4, 'border-color': v('--accent') } },
    {
      selector: 'node:selected',
      style: { 'border-width': 4, 'border-color': v('--focus'), 'overlay-opacity': 0 },
    },
    { selector: 'node.dim, edge.dim', style: { opacity: 0.25 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': v('--border'),
        'target-arrow-color': v('--border'),
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
        'arrow-scale': 0.8,
      },
    },
    {
      selector: 'edge.path',
      style: {
        width: 3.5,
        'line-color': v('--lv-major_outage'),
        'target-arrow-color': v('--lv-major_outage'),
        'line-style': 'dashed',
        'z-index': 10,
      },
    },
  ];
}

/** A node's caption: its name, and its status in words. */
export function caption(name: string, level: string | null, kind: string): string {
  if (level === null) return `${name}\n(${kind})`;
  return `${name}\n${LEVEL_TEXT[level as keyof typeof LEVEL_TEXT]}`;
}
