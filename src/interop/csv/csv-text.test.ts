import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, guardCell, parseCsv, unguardCell } from './csv-text.js';

const values = (text: string) => parseCsv(text).records.map((r) => r.cells.map((c) => c.value));

describe('parseCsv', () => {
  it('reads plain, quoted, doubled-quote and multi-line fields', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nlast,,\n';
    expect(values(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['last', '', ''],
    ]);
  });

  it('gives each field its line and column, counting lines inside quoted fields', () => {
    const { records } = parseCsv('id,name\n"a\nb",c\nd,e');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records[1]?.cells.map((c) => [c.line, c.column])).toEqual([
      [2, 1],
      [3, 4],
    ]);
    expect(records[2]?.cells.map((c) => [c.line, c.column])).toEqual([
      [4, 1],
      [4, 3],
    ]);
  });

  it('skips a byte order mark and blank lines, and accepts a missing final line end', () => {
    expect(values('\uFEFFid,name\n\nx,y\r\n\r\n')).toEqual([
      ['id', 'name'],
      ['x', 'y'],
    ]);
    expect(values('a\rb')).toEqual([['a'], ['b']]);
  });

  it('keeps a record whose one field is a quoted empty text', () => {
    expect(values('a\n""\nb')).toEqual([['a'], [''], ['b']]);
  });

  it('reports an unbalanced quote where the field opens and reads nothing after it', () => {
    const result = parseCsv('id,name\nx,"never closed\ny,z\n');
    expect(result.problems).toEqual([
      { line: 2, column: 3, message: 'unbalanced quote: this quoted field never closes' },
    ]);
    expect(result.records.map((r) => r.line)).toEqual([1]);
  });

  it('reports a quote inside an unquoted field and text after a closing quote', () => {
    const result = parseCsv('a,b"c\n"x"y,z\nok,ok');
    expect(result.problems).toEqual([
      {
        line: 1,
        column: 4,
        message:
          'a quote inside an unquoted field: enclose the field in quotes and double the quote',
      },
      {
        line: 2,
        column: 4,
        message: 'unexpected text after a closing quote (a quote inside a field is written "")',
      },
    ]);
    expect(values('a,b"c\n"x"y,z\nok,ok')).toEqual([['ok', 'ok']]);
  });
});

describe('formatCsv', () => {
  it('quotes only what needs it and ends lines with CRLF', () => {
    expect(formatCsv([['a', 'b c', 'x,y', 'say "hi"', ' pad', 'l\nf', '']])).toBe(
      'a,b c,"x,y","say ""hi"""," pad","l\nf",\r\n',
    );
    expect(formatCsv([['']])).toBe('""\r\n');
  });
});

describe('formula guard', () => {
  it('prefixes cells a spreadsheet would run as formulas', () => {
    expect(
      ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "'=x", 'ok', "'ok", ''].map(guardCell),
    ).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "''=x", 'ok', "'ok", '']);
  });

  it('is undone exactly by unguardCell', () => {
    expect(["'=1+1", "''=x", "'ok", 'ok'].map(unguardCell)).toEqual(['=1+1', "'=x", "'ok", 'ok']);
  });

  it('round-trips any table through guard, format, parse and unguard', () => {
    const cell = fc.string({
      unit: fc.constantFrom(
        'a',
        ',',
        '"',
        '\n',
        '\r',
        ' ',
        '=',
        '+',
        '-',
        '@',
        '\t',
        "'",
        'é',
        '\uFEFF',
      ),
      maxLength: 8,
    });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 5 });
    fc.assert(
      fc.property(table, (rows) => {
        const text = formatCsv(rows.map((row) => row.map(guardCell)));
        const parsed = parseCsv(text);
        expect(parsed.problems).toEqual([]);
        const back = parsed.records.map((r) => r.cells.map((c) => unguardCell(c.value)));
        expect(back).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });
});
