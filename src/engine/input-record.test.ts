import { describe, expect, it } from 'vitest';
import {
  clearSignal,
  copyRecord,
  InputRecord,
  isEmptyRecord,
  ownByte,
  setSignal,
  signalCount,
  signalsOf,
} from './input-record.js';
import { ACKNOWLEDGED_BIT, MAINTENANCE_BIT } from './state-bits.js';

const sorted = (record: InputRecord) =>
  signalsOf(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('InputRecord', () => {
  it('holds a single signal inline, and its new level when set again', () => {
    const record = new InputRecord();
    setSignal(record, 'cpu', 'degraded', 'hot');
    setSignal(record, 'cpu', 'major_outage', undefined);
    expect(record.several).toBeNull();
    expect(signalCount(record)).toBe(1);
    expect(signalsOf(record)).toEqual([['cpu', { level: 'major_outage', summary: undefined }]]);
    expect(ownByte(record)).toBe(4);
  });

  it('moves to a map at a second signal, takes the worst, and back inline when one is left', () => {
    const record = new InputRecord();
    setSignal(record, 'cpu', 'partial_outage', 'hot');
    setSignal(record, 'disk', 'degraded', undefined);
    expect(record.key).toBeNull();
    expect(record.several?.size).toBe(2);
    expect(ownByte(record)).toBe(3);
    setSignal(record, 'net', 'major_outage', undefined);
    expect(ownByte(record)).toBe(4);
    clearSignal(record, 'net');
    expect(ownByte(record)).toBe(3);
    expect(signalCount(record)).toBe(2);
    clearSignal(record, 'disk');
    expect(record.several).toBeNull();
    expect(record.key).toBe('cpu');
    expect(signalsOf(record)).toEqual([['cpu', { level: 'partial_outage', summary: 'hot' }]]);
    expect(ownByte(record)).toBe(3);
    clearSignal(record, 'cpu');
    expect(signalCount(record)).toBe(0);
    expect(ownByte(record)).toBe(0);
    expect(isEmptyRecord(record)).toBe(true);
  });

  it('keeps the signal left when the first of two is cleared', () => {
    const record = new InputRecord();
    setSignal(record, 'cpu', 'major_outage', undefined);
    setSignal(record, 'disk', 'degraded', 'slow');
    clearSignal(record, 'cpu');
    expect(signalsOf(record)).toEqual([['disk', { level: 'degraded', summary: 'slow' }]]);
    expect(ownByte(record)).toBe(2);
  });

  it('ignores clearing a signal it does not hold, inline or in the map', () => {
    const record = new InputRecord();
    clearSignal(record, 'cpu');
    setSignal(record, 'cpu', 'degraded', undefined);
    clearSignal(record, 'disk');
    expect(signalsOf(record)).toEqual([['cpu', { level: 'degraded', summary: undefined }]]);
    setSignal(record, 'disk', 'unknown', undefined);
    clearSignal(record, 'net');
    expect(sorted(record).map(([key]) => key)).toEqual(['cpu', 'disk']);
    expect(ownByte(record)).toBe(2);
  });

  it('lets the override win over the signals, and adds the window and acknowledgement bits', () => {
    const record = new InputRecord();
    setSignal(record, 'cpu', 'major_outage', undefined);
    record.override = { level: 'degraded' };
    record.windows = new Set(['w1']);
    record.acknowledged = true;
    expect(ownByte(record)).toBe(2 | MAINTENANCE_BIT | ACKNOWLEDGED_BIT);
    record.override = undefined;
    record.windows.clear();
    clearSignal(record, 'cpu');
    expect(isEmptyRecord(record)).toBe(false);
    record.acknowledged = false;
    expect(isEmptyRecord(record)).toBe(true);
  });

  it('copies so that changing the copy leaves the original as it was', () => {
    const record = new InputRecord();
    setSignal(record, 'cpu', 'degraded', undefined);
    setSignal(record, 'disk', 'partial_outage', undefined);
    record.windows = new Set(['w1']);
    const copy = copyRecord(record);
    clearSignal(copy, 'disk');
    copy.windows?.delete('w1');
    setSignal(copy, 'net', 'major_outage', undefined);
    expect(sorted(record).map(([key]) => key)).toEqual(['cpu', 'disk']);
    expect(ownByte(record)).toBe(3 | MAINTENANCE_BIT);
    expect(sorted(copy).map(([key]) => key)).toEqual(['cpu', 'net']);
    expect(ownByte(copy)).toBe(4);
    expect(ownByte(copyRecord(undefined))).toBe(0);
  });
});
