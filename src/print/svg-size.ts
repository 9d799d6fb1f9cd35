/**
 * The SVG sizing pdfmake's layout asks for, from the root element's attributes alone.
 * pdfmake's own parses the whole SVG with an XML parser twice per drawing (once to read
 * the size, once to write the size it chose) and serializes it back: for a map that is
 * close to a megabyte of text. brief's SVGs are its own (Vega's, and icons), with the
 * size on the root element, so reading and writing those attributes is the whole job.
 */
export const svgMeasure = {
  measureSVG(svg: unknown): { width: number | undefined; height: number | undefined } {
    const root = rootTag(svg);
    let width = number(attribute(root, 'width'));
    let height = number(attribute(root, 'height'));
    const viewBox = attribute(root, 'viewBox')?.trim().split(/[\s,]+/);
    if (viewBox && viewBox.length === 4) {
      width ??= number(viewBox[2]);
      height ??= number(viewBox[3]);
    }
    return { width, height };
  },

  writeDimensions(svg: unknown, size: { width: number; height: number }): string {
    const root = rootTag(svg);
    let tag = root;
    if (attribute(tag, 'viewBox') === undefined) {
      tag = tag.replace(/^<svg\b/, `<svg viewBox="0 0 ${number(attribute(root, 'width'))} ${number(attribute(root, 'height'))}"`);
    }
    tag = setAttribute(setAttribute(tag, 'width', String(size.width)), 'height', String(size.height));
    return (svg as string).replace(root, tag);
  },
};

function rootTag(svg: unknown): string {
  const tag = typeof svg === 'string' ? /<svg\b[^>]*>/.exec(svg)?.[0] : undefined;
  if (tag === undefined) throw new Error('Invalid svg document (expected <svg>)');
  return tag;
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)?.slice(1).find((v) => v !== undefined);
}

function setAttribute(tag: string, name: string, value: string): string {
  const pattern = new RegExp(`(\\s${name}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  return pattern.test(tag) ? tag.replace(pattern, `$1"${value}"`) : tag.replace(/^<svg\b/, `<svg ${name}="${value}"`);
}

function number(value: string | undefined): number | undefined {
  const n = parseFloat(value ?? '');
  return Number.isNaN(n) ? undefined : n;
}
