/**
 * pdfmake's style lookup with each named style's properties resolved once per document.
 *
 * pdfmake measures text a word at a time and reads about twenty style properties for each
 * word (font, size, colour, decoration…), each by walking the style stack; for a named
 * style on the stack it follows the style's `extends` chain with a fresh closure and a
 * fresh `Set` every time. That was a tenth of laying out the China brief. This is the same
 * lookup (same order, same answers) with the value of a property in a named style, its
 * `extends` chain followed, kept per style dictionary. pdfmake does not change a
 * document's style dictionary while it lays the document out.
 */

interface StyleStack {
  styleDictionary: Record<string, StyleDefinition | undefined> | undefined;
  defaultStyle: Record<string, unknown> | undefined;
  styleOverrides: unknown[] | undefined;
  getProperty(property: string): unknown;
}

type StyleDefinition = Record<string, unknown> & { extends?: unknown };

const patched = new WeakSet<object>();
/** Dictionary → "style\0property" → resolved value (undefined included). */
const resolved = new WeakMap<object, Map<string, unknown>>();

/** Replace `getProperty` on pdfmake's StyleContextStack class (idempotent). */
export function fasterStyleLookup(StyleContextStack: { prototype: StyleStack }): void {
  const proto = StyleContextStack.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  proto.getProperty = function (this: StyleStack, property: string): unknown {
    const overrides = this.styleOverrides;
    if (overrides) {
      for (let i = overrides.length - 1; i >= 0; i--) {
        const item = overrides[i];
        if (typeof item === 'string' || item instanceof String) {
          const value = namedStyleProperty(this.styleDictionary, String(item), property);
          if (value !== undefined && value !== null) return value;
        } else {
          const value = (item as Record<string, unknown>)[property];
          if (value !== undefined && value !== null) return value;
        }
      }
    }
    return this.defaultStyle && this.defaultStyle[property];
  };
}

function namedStyleProperty(dictionary: StyleStack['styleDictionary'], styleName: string, property: string): unknown {
  if (!dictionary) return undefined;
  let values = resolved.get(dictionary);
  if (!values) resolved.set(dictionary, (values = new Map()));
  const key = `${styleName}\0${property}`;
  if (values.has(key)) return values.get(key);
  const value = fromStyle(dictionary, styleName, property, new Set());
  values.set(key, value);
  return value;
}

/** pdfmake's `getStylePropertyFromStyle`: the style's own value, else its parents', last parent first. */
function fromStyle(dictionary: NonNullable<StyleStack['styleDictionary']>, styleName: string, property: string, visited: Set<string>): unknown {
  if (visited.has(styleName)) return undefined;
  visited.add(styleName);
  const style = dictionary[styleName];
  if (!style) return undefined;
  const own = style[property];
  if (own !== undefined && own !== null) return own;
  if (style.extends) {
    const parents = (Array.isArray(style.extends) ? style.extends : [style.extends]) as string[];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromStyle(dictionary, parents[i]!, property, visited);
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}
