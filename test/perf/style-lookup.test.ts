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
  default: {
    new (dictionary: object, defaultStyle?: object): Stack;
    prototype: Stack;
    getStyleProperty(item: unknown, stack: Stack | undefined, property: string, defaultValue: unknown): unknown;
  };
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
      // a cycle back to a name given as a String object: pdfmake visits it twice
      cycA: { extends: ['cycC', 'cycB'] },
      cycB: { extends: ['cycD', 'cycA'] },
      cycC: { margin: 'C' },
      cycD: { margin: 'D' },
    };
    const stacks: unknown[][] = [
      [],
      ['body'],
      ['note'],
      [new String('lead'), { fontSize: 0 }],
      ['caption', 'note', { color: undefined }],
      ['loopA'],
      ['missing', { bold: true }, 'body'],
      [new String('cycA')],
      ['cycA'],
    ];
    const properties = ['font', 'fontSize', 'color', 'bold', 'italics', 'margin', 'lineHeight'];
    // what pdfmake asks of a word or node: its own properties, its styles, then the stack
    const items: unknown[] = [
      {},
      { fontSize: 3 },
      { style: 'caption' },
      { style: ['note', { color: 'red' }, 'missing'], bold: null },
      { style: new String('lead'), section: true },
      'a plain string',
    ];
    const ask = (getProperty: (this: Stack, p: string) => unknown, getStyleProperty: typeof StyleContextStack.getStyleProperty) =>
      stacks.map((styles) => {
        const stack = new StyleContextStack(dictionary, { lineHeight: 1.2, color: 'black' });
        styles.forEach((s) => stack.push(s));
        // twice: the second answer comes from what the first resolved
        const answers = () => [
          ...properties.map((p) => getProperty.call(stack, p)),
          ...items.flatMap((item) => properties.map((p) => getStyleProperty(item, stack, p, 'default'))),
          getStyleProperty({}, undefined, 'font', 'none'),
        ];
        answers();
        const result = answers();
        expect((stack as unknown as { styleOverrides: unknown[] }).styleOverrides).toHaveLength(styles.length);
        return result;
      });
    const expected = ask(original, StyleContextStack.getStyleProperty);
    fasterStyleLookup(StyleContextStack);
    expect(StyleContextStack.prototype.getProperty).not.toBe(original);
    const actual = ask(StyleContextStack.prototype.getProperty, StyleContextStack.getStyleProperty);
    expect(actual).toEqual(expected);
  });

  it('answers anew after every push and pop', () => {
    fasterStyleLookup(StyleContextStack);
    const stack = new StyleContextStack({ body: { fontSize: 9 } }, { fontSize: 12 });
    expect(stack.getProperty('fontSize')).toBe(12);
    stack.push('body');
    expect(stack.getProperty('fontSize')).toBe(9);
    stack.push({ fontSize: 20 });
    expect(stack.getProperty('fontSize')).toBe(20);
    expect(StyleContextStack.getStyleProperty({ style: 'body' }, stack, 'fontSize', 1)).toBe(9);
    stack.pop();
    expect(stack.getProperty('fontSize')).toBe(9);
    stack.pop(1);
    expect(stack.getProperty('fontSize')).toBe(12);
  });
});
