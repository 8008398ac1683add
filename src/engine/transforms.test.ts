import { describe, expect, it } from 'vitest';
import { type EdgeImpact, parseEdgeImpact } from '../model/impact.js';
import { levelAt, levelRank, STATUS_LEVELS, type StatusLevel } from '../model/levels.js';
import { impactLabel, TransformSet, transformRank, transformTable } from './transforms.js';

function parsed(spec: unknown): EdgeImpact {
  const result = parseEdgeImpact(spec);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function through(spec: unknown, level: StatusLevel): StatusLevel {
  return levelAt(transformRank(parsed(spec), levelRank(level)));
}

const [OP, UN, DG, PO, MO] = STATUS_LEVELS;

/** Each row: impact, then what operational, unknown, degraded, partial_outage, major_outage give. */
const ROWS: [unknown, StatusLevel[]][] = [
  ['as-is', [OP, UN, DG, PO, MO]],
  [undefined, [OP, UN, DG, PO, MO]],
  ['cap:degraded', [OP, UN, DG, DG, DG]],
  ['cap:partial_outage', [OP, UN, DG, PO, PO]],
  ['cap:unknown', [OP, UN, UN, UN, UN]],
  ['cap:operational', [OP, OP, OP, OP, OP]],
  ['cap:major_outage', [OP, UN, DG, PO, MO]],
  ['shift:+1', [OP, UN, PO, MO, MO]],
  ['shift:+2', [OP, UN, MO, MO, MO]],
  ['shift:+0', [OP, UN, DG, PO, MO]],
  ['shift:-1', [OP, UN, OP, DG, PO]],
  ['shift:-2', [OP, UN, OP, OP, DG]],
  ['shift:-3', [OP, UN, OP, OP, OP]],
  ['fixed:degraded', [OP, UN, DG, DG, DG]],
  ['fixed:major_outage', [OP, UN, MO, MO, MO]],
  ['fixed:operational', [OP, UN, OP, OP, OP]],
  ['major_outage->degraded', [OP, UN, DG, PO, DG]],
  [{ unknown: 'major_outage', degraded: 'operational' }, [OP, MO, OP, PO, MO]],
  ['partial_outage->major_outage,major_outage->partial_outage', [OP, UN, DG, MO, PO]],
];

describe('edge transforms', () => {
  it.each(ROWS)('%j passes operational..major_outage as %j', (spec, expected) => {
    expect(STATUS_LEVELS.map((level) => through(spec, level))).toEqual(expected);
  });

  it('ignore passes levels unchanged in its table, zeroed for worst, with the ignore flag set', () => {
    expect(STATUS_LEVELS.map((level) => through('ignore', level))).toEqual([OP, UN, DG, PO, MO]);
    expect([...transformTable(parsed('ignore'))]).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
    expect([...transformTable(parsed('cap:degraded'))]).toEqual([0, 1, 2, 2, 2, 0, 0, 0]);
  });

  it('labels impacts as people write them', () => {
    expect(impactLabel(parsed(undefined))).toBe('as-is');
    expect(impactLabel(parsed('cap:degraded'))).toBe('cap:degraded');
    expect(impactLabel(parsed('shift:-1'))).toBe('shift:-1');
    expect(impactLabel(parsed({ major_outage: 'degraded' }))).toBe('major_outage->degraded');
  });

  it('numbers distinct impacts once, as-is being 0', () => {
    const set = new TransformSet();
    expect(set.intern(parsed('cap:degraded'))).toBe(1);
    expect(set.intern(parsed('ignore'))).toBe(2);
    expect(set.intern(parsed('cap:degraded'))).toBe(1);
    expect(set.intern(parsed('major_outage->degraded'))).toBe(3);
    expect(set.intern(parsed({ major_outage: 'degraded' }))).toBe(3);
    expect(set.size).toBe(4);
    expect(set.table().length).toBe(32);
  });
});
