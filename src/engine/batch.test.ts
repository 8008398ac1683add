import { describe, expect, it } from 'vitest';
import { BatchInputs } from './batch.js';

describe('BatchInputs', () => {
  it('keeps each service once, in order of first input, with its last input', () => {
    const batch = new BatchInputs(10);
    batch.add(4, 0);
    batch.add(2, 1);
    batch.add(4, 2);
    expect(batch.count).toBe(2);
    expect([batch.service(0), batch.service(1)]).toEqual([4, 2]);
    expect([batch.inputOf(4), batch.inputOf(2), batch.inputOf(3)]).toEqual([2, 1, -1]);
    batch.drop(0);
    expect(batch.inputOf(4)).toBe(-1);
  });

  it('answers the same through its index once a batch names more than 8 services, and forgets it all on clear', () => {
    const batch = new BatchInputs(100);
    for (let i = 0; i < 40; i++) batch.add((i * 7) % 20, i);
    expect(batch.count).toBe(20);
    expect(Array.from({ length: 20 }, (_, k) => batch.service(k))).toEqual(
      Array.from({ length: 20 }, (_, i) => (i * 7) % 20),
    );
    for (let i = 20; i < 40; i++) expect(batch.inputOf((i * 7) % 20)).toBe(i);
    expect(batch.inputOf(50)).toBe(-1);
    batch.clear();
    expect(batch.count).toBe(0);
    for (let v = 0; v < 20; v++) expect(batch.inputOf(v)).toBe(-1);
    batch.add(3, 0);
    expect([batch.count, batch.inputOf(3), batch.inputOf(7)]).toEqual([1, 0, -1]);
  });
});
