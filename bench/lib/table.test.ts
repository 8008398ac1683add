import { describe, expect, it } from 'vitest';
import { formatMb, formatMs, formatRatio, toMarkdown, toText } from './table.js';

const table = { title: 'T', header: ['op', 'p50'], rows: [['closure', '1.00 ms']] };

describe('tables', () => {
  it('renders Markdown with the first column left-aligned', () => {
    expect(toMarkdown(table)).toBe('### T\n\n| op | p50 |\n| :--- | ---: |\n| closure | 1.00 ms |');
  });

  it('renders padded text', () => {
    expect(toText(table)).toBe('T\nop           p50\n-------  -------\nclosure  1.00 ms');
  });

  it('formats times, ratios and sizes in readable units', () => {
    expect(formatMs(0.00234)).toBe('2.34 µs');
    expect(formatMs(12.345)).toBe('12.3 ms');
    expect(formatMs(2500)).toBe('2.50 s');
    expect(formatMs(undefined)).toBe('–');
    expect(formatRatio(1.234)).toBe('1.23x');
    expect(formatRatio(345.6)).toBe('346x');
    expect(formatMb(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
