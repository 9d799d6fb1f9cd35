import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fasterStyleLookup } from '../../src/perf/style-lookup.js';

const require = createRequire(import.meta.url);
interface Stack {
  styleDictionary: Record<string, Record<string, unknown> | undefined> | undefined;
  defaultStyle: Record<string, unknown> | undefined;
  styleOverrides: unknown[] | undefined;
  push(style: unknown): void;
  pop(n?: number): void;
  getProperty(property: string): unknown;
}
const StyleContextStack = (require(createRequire(require.resolve('pdfmake/js/Printer.js')).resolve('./StyleContextStack.js')) as {
  default: { new (dictionary: object, defaultStyle?: object): Stack; prototype: Stack };
}).default;

describe('resolved style lookup', () => {
  it('gives what pdfmake gives for every stack, property and extends chain', () => {
    const original = StyleContextStack.prototype.getProperty;
    const dictionary = {
      body: { font: 'Inter', fontSize: 9, color: null },
      lead: { extends: 'body', fontSize: 11, bold: false },
      note: { extends: ['lead', 'caption'], italics: true },
      caption: { color: '#555', fontSize: 7 },
      loopA: { extends: 'loopB' },
      loopB: { extends: 'loopA', margin: 1 },
    };
    const stacks: unknown[][] = [
      [],
      ['body'],
      ['note'],
      [new String('lead'), { fontSize: 0 }],
      ['caption', 'note', { color: undefined }],
      ['loopA'],
      ['missing', { bold: true }, 'body'],
    ];
    const properties = ['font', 'fontSize', 'color', 'bold', 'italics', 'margin', 'lineHeight'];
    const expected = stacks.map((styles) => {
      const stack = new StyleContextStack(dictionary, { lineHeight: 1.2, color: 'black' });
      styles.forEach((s) => stack.push(s));
      return properties.map((p) => original.call(stack, p));
    });
    fasterStyleLookup(StyleContextStack);
    expect(StyleContextStack.prototype.getProperty).not.toBe(original);
    const actual = stacks.map((styles) => {
      const stack = new StyleContextStack(dictionary, { lineHeight: 1.2, color: 'black' });
      styles.forEach((s) => stack.push(s));
      // twice: the second answer comes from what the first resolved
      properties.forEach((p) => stack.getProperty(p));
      return properties.map((p) => stack.getProperty(p));
    });
    expect(actual).toEqual(expected);
  });
});
