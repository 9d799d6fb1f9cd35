import { describe, expect, it } from 'vitest';
import { isNumberFormat, tableCells } from '../../src/template/table.js';

const patents = [
  { region: 'EU27', year: 2018, applications: 1500 },
  { region: 'EU27', year: 2019, applications: 1746 },
  { region: 'USA', year: 2019, applications: 4476.4 },
  { region: 'China', year: 2019, applications: null },
];

describe('tableCells', () => {
  it('keeps, orders, cuts and formats a dataset\'s rows', () => {
    const cells = tableCells(
      { data: 'patents', filter: { year: 2019 }, sort: '-applications', limit: 2, columns: [{ field: 'region', title: 'Region' }, { field: 'applications', title: 'Applications', format: ',d', unit: 'count' }] },
      { patents },
    );
    expect(cells.head).toEqual([
      { title: 'Region', unit: '', align: 'left' },
      { title: 'Applications', unit: 'count', align: 'right' },
    ]);
    expect(cells.body.map((row) => row.map((c) => c.text))).toEqual([
      ['USA', '4,476'],
      ['EU27', '1,746'],
    ]);
  });

  it('puts empty cells last whichever way it sorts, and prints them empty', () => {
    const up = tableCells({ data: 'p', sort: 'applications', columns: [{ field: 'region' }, { field: 'applications' }] }, { p: patents });
    expect(up.body.map((r) => r[0]!.text)).toEqual(['EU27', 'EU27', 'USA', 'China']);
    expect(up.body[3]![1]!.text).toBe('');
    expect(up.head[1]!.title).toBe('applications');
  });

  it('reads rows written in the block, and lets a column choose its alignment', () => {
    const cells = tableCells({ rows: [{ fund: 'Phase 1', amount: 2.56 }], columns: [{ field: 'fund', align: 'center' }, { field: 'amount', format: '.1f', align: 'left' }] }, {});
    expect(cells.body).toEqual([[{ text: 'Phase 1', align: 'center' }, { text: '2.6', align: 'left' }]]);
  });

  it('writes numbers as the document’s language does, as its charts and text do', () => {
    const block = { rows: [{ n: 1234.5 }], columns: [{ field: 'n', format: ',.1f' }] };
    const text = (language?: string) => tableCells(block, {}, language).body[0]![0]!.text;
    expect([text(), text('en'), text('fr'), text('de-AT')]).toEqual(['1,234.5', '1,234.5', '1\u202f234,5', '1.234,5']);
  });

  it('writes a number without a format as written, with the language’s decimal mark', () => {
    const block = { rows: [{ n: 10.25 }], columns: [{ field: 'n' }] };
    const text = (language?: string) => tableCells(block, {}, language).body[0]![0]!.text;
    expect([text(), text('en'), text('fr'), text('de')]).toEqual(['10.25', '10.25', '10,25', '10,25']);
  });

  it('tells number formats d3-format reads from others', () => {
    expect(isNumberFormat(',.1f')).toBe(true);
    expect(isNumberFormat('.0%')).toBe(true);
    expect(isNumberFormat('x.1q')).toBe(false);
  });
});
