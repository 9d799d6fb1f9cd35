/**
 * pdfmake's style lookup with each named style's properties resolved once per document.
 *
 * pdfmake measures text a word at a time and reads about twenty style properties for each
 * word (font, size, colour, decoration…). Each read pushed the word and its styles on the
 * style stack through a new closure, walked the stack, and for a named style followed its
 * `extends` chain with a fresh closure and `Set`: a tenth of laying out the China brief,
 * and the largest share of what a rebuild allocates. This is the same lookup (same order,
 * same answers) without the pushes and closures, with the value of a property in a named
 * style, its `extends` chain followed, kept per style dictionary, and the stack's answer
 * kept until the stack changes. pdfmake does not change a document's style dictionary
 * while it lays the document out, nor the style properties of the nodes on the stack.
 */

interface StyleStack {
  styleDictionary: Record<string, StyleDefinition | undefined> | undefined;
  defaultStyle: Record<string, unknown> | undefined;
  styleOverrides: unknown[] | undefined;
  getProperty(property: string): unknown;
  push(style: unknown): void;
  pop(howMany?: number): void;
  /** What getProperty answered since the stack last changed. */
  _answers?: Map<string, unknown> | undefined;
}

type StyleDefinition = Record<string, unknown> & { extends?: unknown };

const patched = new WeakSet<object>();
/** Dictionary → style name → property → resolved value (undefined included). */
const resolved = new WeakMap<object, Map<string, Map<string, unknown>>>();

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

/** Replace `getProperty` and the static `getStyleProperty` of pdfmake's StyleContextStack class (idempotent). */
export function fasterStyleLookup(StyleContextStack: StyleStackClass): void {
  const proto = StyleContextStack.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  // pdfmake changes a stack only through push and pop (clone fills a new one), and reads
  // the same twenty properties for every word of a text: an answer holds until a change
  const push = proto.push;
  const pop = proto.pop;
  proto.push = function (this: StyleStack, style: unknown) {
    this._answers = undefined;
    return push.call(this, style);
  };
  proto.pop = function (this: StyleStack, howMany?: number) {
    this._answers = undefined;
    return pop.call(this, howMany);
  };
  proto.getProperty = function (this: StyleStack, property: string): unknown {
    const answers = (this._answers ??= new Map());
    if (answers.has(property)) return answers.get(property);
    let answer: unknown;
    const overrides = this.styleOverrides;
    if (overrides) {
      for (let i = overrides.length - 1; i >= 0; i--) {
        const value = overrideProperty(this.styleDictionary, overrides[i], property);
        if (isValue(value)) {
          answer = value;
          break;
        }
      }
    }
    if (!isValue(answer)) answer = this.defaultStyle && this.defaultStyle[property];
    answers.set(property, answer);
    return answer;
  };
  // pdfmake pushes what `autopush(item)` pushes (the item's style names, then the item),
  // reads the property, and pops: the same as looking in the item, its style names last
  // first, then the stack
  StyleContextStack.getStyleProperty = function (item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    if (!isString(item) && (item as { section?: unknown }).section === undefined) {
      const style = (item as { style?: unknown }).style;
      if (style) {
        const names = Array.isArray(style) ? (style as unknown[]) : [style];
        for (let i = names.length - 1; i >= 0; i--) {
          const value = overrideProperty(stack.styleDictionary, names[i], property);
          if (isValue(value)) return value;
        }
      }
    }
    const value = stack.getProperty(property);
    return isValue(value) ? value : defaultValue;
  };
}

/**
 * A property of one entry of the stack: a style name, or an object of overrides. A name
 * given as a String object is looked up afresh each time: pdfmake tells such a name from
 * the same name as a plain string when it follows a cycle of `extends`.
 */
function overrideProperty(dictionary: StyleStack['styleDictionary'], item: unknown, property: string): unknown {
  if (typeof item === 'string') return namedStyleProperty(dictionary, item, property);
  if (item instanceof String) return dictionary ? fromStyle(dictionary, item, property, new Set()) : undefined;
  return (item as Record<string, unknown>)[property];
}

function isString(value: unknown): value is string | String {
  return typeof value === 'string' || value instanceof String;
}

function isValue(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function namedStyleProperty(dictionary: StyleStack['styleDictionary'], styleName: string, property: string): unknown {
  if (!dictionary) return undefined;
  let styles = resolved.get(dictionary);
  if (!styles) resolved.set(dictionary, (styles = new Map()));
  let values = styles.get(styleName);
  if (!values) styles.set(styleName, (values = new Map()));
  let value = values.get(property);
  if (value === undefined && !values.has(property)) {
    value = fromStyle(dictionary, styleName, property, new Set());
    values.set(property, value);
  }
  return value;
}

/** pdfmake's `getStylePropertyFromStyle`: the style's own value, else its parents', last parent first. */
function fromStyle(dictionary: NonNullable<StyleStack['styleDictionary']>, styleName: string | String, property: string, visited: Set<string | String>): unknown {
  if (visited.has(styleName)) return undefined;
  visited.add(styleName);
  const style = dictionary[styleName as string];
  if (!style) return undefined;
  const own = style[property];
  if (isValue(own)) return own;
  if (style.extends) {
    const parents = (Array.isArray(style.extends) ? style.extends : [style.extends]) as Array<string | String>;
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromStyle(dictionary, parents[i]!, property, visited);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}
