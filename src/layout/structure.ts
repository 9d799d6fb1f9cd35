/**
 * The document's logical structure, as tagged PDF writes it: a tree of structure elements
 * (sections, headings, paragraphs, lists, figures) in reading order, built while the
 * layout model is assembled. Content points at its element by id (`tag` on a text run or
 * a drawing of the pdfmake definition); content that points nowhere is printed as an
 * artifact, which readers skip: backgrounds, rules, icons.
 */
export interface StructNode {
  id: number;
  /** A standard structure type: Document, Sect, H1…H6, P, L, LI, LBody, Figure, Caption, Note… */
  role: string;
  /** Alternative text (a Figure's). */
  alt?: string;
  /** A heading's words, for the outline. */
  title?: string;
  /** A table header cell's scope: the column below it. */
  scope?: 'Column';
  children: StructNode[];
}

export class StructureBuilder {
  readonly root: StructNode = { id: 0, role: 'Document', children: [] };
  private current: StructNode = this.root;
  private next = 1;

  /** A new element under the current one (`none`: none, the content stays in the current one). */
  element(role: string, extra: { alt?: string; title?: string; scope?: 'Column' } = {}): StructNode | undefined {
    if (role === 'none' || role === 'Artifact') return undefined;
    const node: StructNode = { id: this.next++, role, ...(extra.alt ? { alt: extra.alt } : {}), ...(extra.title ? { title: extra.title } : {}), ...(extra.scope ? { scope: extra.scope } : {}), children: [] };
    this.current.children.push(node);
    return node;
  }

  /** A new element under `parent` rather than the current one (a Reference inside its paragraph). */
  elementIn(parent: StructNode, role: string): StructNode {
    const node: StructNode = { id: this.next++, role, children: [] };
    parent.children.push(node);
    return node;
  }

  /** Run `fn` with a new element of `role` as the current one (`none` or undefined: the current stays). */
  within<T>(role: string | undefined, fn: () => T): T {
    const node = role === undefined ? undefined : this.element(role);
    if (!node) return fn();
    const outer = this.current;
    this.current = node;
    try {
      return fn();
    } finally {
      this.current = outer;
      // a container that got nothing is no element at all
      if (node.children.length === 0 && !['P', 'Figure'].includes(node.role) && !/^H\d$/.test(node.role)) outer.children.splice(outer.children.indexOf(node), 1);
    }
  }
}
