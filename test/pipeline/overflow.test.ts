import { describe, expect, it } from 'vitest';
import type { LoadedBrief } from '../../src/load/brief.js';
import { parseYaml } from '../../src/load/yaml.js';
import { overflowDiagnostics } from '../../src/pipeline/index.js';
import { parseMarkup } from '../../src/template/markup.js';

const yaml = parseYaml(
  'content/x/brief.yaml',
  ['pages:', '  - blocks:', '      - type: about', '      - type: chart', '  - blocks:', '      - type: section', ''].join('\n'),
);
const brief = { yaml } as LoadedBrief;
const layout = parseMarkup(
  `<document>
     <page><block page="0" index="0" type="about"/><block page="0" index="1" type="chart"/></page>
     <page><block page="1" index="0" type="section"/></page>
   </document>`,
  'x',
);

function culprit(placements: Record<string, number[]>, printed: number) {
  const [d] = overflowDiagnostics(brief, layout, new Map(Object.entries(placements)), printed);
  return { line: d!.line, message: d!.message };
}

describe('overflowDiagnostics', () => {
  it('names a block that spans two sheets', () => {
    expect(culprit({ 'block:0:0:about': [1, 2], 'block:0:1:chart': [2], 'block:1:0:section': [3] }, 3)).toEqual({
      line: 3,
      message: '`pages[0].blocks[0]` (about) does not fit: page 1 runs onto a further sheet',
    });
  });

  it('names a block pushed whole onto the next sheet', () => {
    expect(culprit({ 'block:0:0:about': [1], 'block:0:1:chart': [2], 'block:1:0:section': [3] }, 3).line).toBe(4);
  });

  it('names the last block of the page when only its tail ran over', () => {
    // pdfmake places a stack at its first line: the chart block says sheet 1, yet page 2 starts on sheet 3
    expect(culprit({ 'block:0:0:about': [1], 'block:0:1:chart': [1], 'block:1:0:section': [3] }, 3).line).toBe(4);
  });

  it('finds an overflow on the last page from the sheet count', () => {
    expect(culprit({ 'block:0:0:about': [1], 'block:0:1:chart': [1], 'block:1:0:section': [2] }, 3).line).toBe(6);
  });

  it('says by how many points the page is over: what ran onto the next sheet, less the room left on its own', () => {
    const placements = new Map(Object.entries({ 'block:0:0:about': [1, 2], 'block:0:1:chart': [2], 'block:1:0:section': [3] }));
    const [d] = overflowDiagnostics(brief, layout, placements, 3, { heights: [790, 40, 500], room: 795 });
    expect(d!.message).toBe('`pages[0].blocks[0]` (about) does not fit: page 1 runs onto a further sheet by about 35 pt');
    expect(d!.hint).toBe('make page 1 35 pt shorter: shorten this text (or another of the page), or lower a chart\'s height');
  });

  it('blames a paragraph grown in a row, not the chart it pushed onto the next sheet', () => {
    const rowYaml = parseYaml(
      'content/x/brief.yaml',
      [
        'pages:',
        '  - blocks:',
        '      - type: section',
        '      - type: row',
        '        columns:',
        '          - blocks:',
        '              - type: paragraphs',
        '          - blocks:',
        '              - type: chart',
        '      - type: chart',
        '  - blocks:',
        '      - type: section',
        '',
      ].join('\n'),
    );
    const rowLayout = parseMarkup(
      `<document>
         <page>
           <block page="0" index="0" type="section"><text>A title</text></block>
           <block page="0" index="1" type="row"><columns>
             <column><block column="0" index="0" type="paragraphs"><text>${'A paragraph that grew. '.repeat(20)}</text></block></column>
             <column><block column="1" index="0" type="chart"><text>Its title</text></block></column>
           </columns></block>
           <block page="0" index="2" type="chart"><text>The chart's title</text></block>
         </page>
         <page><block page="1" index="0" type="section"/></page>
       </document>`,
      'x',
    );
    const placements = new Map(Object.entries({
      'block:0:0:section': [1],
      'block:0:1:row': [1],
      'block:0:1/columns.0.blocks.0:paragraphs': [1],
      'block:0:1/columns.1.blocks.0:chart': [1],
      'block:0:2:chart': [1, 2],
      'block:1:0:section': [3],
    }));
    const [d] = overflowDiagnostics({ yaml: rowYaml } as LoadedBrief, rowLayout, placements, 3, { heights: [790, 60, 500], room: 795 });
    expect(d!.line).toBe(7);
    expect(d!.message).toBe('`pages[0].blocks[1].columns[0].blocks[0]` (paragraphs), the longest text of page 1, pushes `pages[0].blocks[2]` (chart) onto a further sheet: page 1 is over by about 55 pt');
  });
});
