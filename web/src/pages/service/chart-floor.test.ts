import { describe, expect, it } from 'vitest';
import { chartFloor } from './availability-panel.js';

describe('chartFloor', () => {
  it('starts a little under the worst day and the SLO, at 98 or lower', () => {
    expect(chartFloor([100, 100], null)).toBe(98);
    expect(chartFloor([100, null], 99.95)).toBe(98);
    expect(chartFloor([100, 95], 99.9)).toBe(94);
    expect(chartFloor([0], null)).toBe(0);
  });
});
