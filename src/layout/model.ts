/**
 * The layout model: what templates produce, after their markup is parsed. Small and
 * independent of pdfmake, so it can be checked (and tested) before anything is drawn.
 */
export type Edges = [left: number, top: number, right: number, bottom: number];

export interface Inline {
  text: string;
  bold?: boolean;
  italics?: boolean;
  link?: string;
  /** A theme text style applied to this run only. */
  style?: string;
  /** The language of this run when it is not the document's (BCP 47). */
  lang?: string;
  /** A reference to the brief's note of this key: printed as the note's number, raised. */
  note?: string;
}

/**
 * What a node is in the document's structure (tagged PDF): a standard structure type
 * (`Sect`, `Div`, `L`, `LI`, `Lbl`, `LBody`, `H1`…`H6`, `P`, `Caption`, `Note`…), or
 * `Artifact` for what a reader should skip, or `none` for a container that groups nothing.
 */
export type StructRole = string;

/**
 * Where a node was written: the template file, line and column of its element when the
 * engine's place markers say it (see template/engine.ts), else the line and column in
 * the rendered markup.
 */
export interface Origin {
  file?: string;
  line: number;
  column: number;
}

interface Base {
  margin?: Edges;
  origin: Origin;
  /** The structure element the node makes, when the markup names one (`role="…"`). */
  role?: StructRole;
}

export interface PageNode extends Base {
  kind: 'page';
  name?: string;
  children: LayoutNode[];
  footer: LayoutNode[];
}
export interface BandNode extends Base {
  kind: 'band';
  fill: string;
  padding: Edges;
  children: LayoutNode[];
}
export interface BoxNode extends Base {
  kind: 'box';
  fill?: string;
  border?: string;
  /** A thick rule down the box's left edge, in this colour. */
  accent?: string;
  padding: Edges;
  children: LayoutNode[];
}
export interface TextNode extends Base {
  kind: 'text';
  style: string;
  align?: 'left' | 'center' | 'right' | 'justify';
  inlines: Inline[];
}
export interface ColumnsNode extends Base {
  kind: 'columns';
  gap: number;
  columns: { width: number | 'auto'; role?: StructRole; children: LayoutNode[] }[];
}
export interface GridNode extends Base {
  kind: 'grid';
  cols: number;
  gap: number;
  /** Each cell is a box; boxes of a row share one height. */
  cells: BoxNode[];
}
export interface IconNode extends Base {
  kind: 'icon';
  name: string;
  size: number;
  color: string;
}
export interface ChartNode extends Base {
  kind: 'chart';
  name: string;
  /** The chart's title, the first words of its alternative text. */
  title?: string;
  /** Alternative text written by the author, in place of the one made from the data. */
  alt?: string;
  height?: number;
  /** Share of the available width, 0–1. */
  share: number;
}
/** A cell of a table: a header cell (`th`) or a data cell (`td`), holding one line of inline text. */
export interface TableCell {
  header: boolean;
  style: string;
  align?: 'left' | 'center' | 'right';
  inlines: Inline[];
  origin: Origin;
}
export interface TableNode extends Base {
  kind: 'table';
  /** How many rows at the top are headers, repeated when the table breaks across pages. */
  headerRows: number;
  rows: TableCell[][];
}
/** The page's number, as `pattern` writes it: `{page}` its number, `{pages}` the document's count. */
export interface PageNumberNode extends Base {
  kind: 'page-number';
  style: string;
  align?: 'left' | 'center' | 'right';
  pattern: string;
}
/** A picture of the brief (`src`: its path in the brief's folder), a Figure with `alt`. */
export interface ImageNode extends Base {
  kind: 'image';
  src: string;
  alt: string;
  width?: number;
  height?: number;
}
/** The notes of the brief that the text refers to, numbered in the order of their first reference. */
export interface NotesNode extends Base {
  kind: 'notes';
  style: string;
  /** Every note of the brief, by key; only those referred to are printed. */
  notes: { key: string; inlines: Inline[] }[];
}
export interface RuleNode extends Base {
  kind: 'rule';
  color: string;
  thickness: number;
}
export interface SpacerNode extends Base {
  kind: 'spacer';
  height: number;
}
/** A content block: where it came from in the brief, so overflow can name it. */
export interface BlockNode extends Base {
  kind: 'block';
  page: number;
  /** The index of the page's block it is, or is inside of. */
  index: number;
  /** Where a block inside another (a `row`'s) sits in it: `['columns', 0, 'blocks', 1]`; empty for a page's own. */
  within: (string | number)[];
  type: string;
  children: LayoutNode[];
}

/** The pdfmake id of a block, by which the layout says which sheets it was placed on. */
export function blockId(b: Pick<BlockNode, 'page' | 'index' | 'within' | 'type'>): string {
  return `block:${b.page}:${b.index}${b.within.length > 0 ? `/${b.within.join('.')}` : ''}:${b.type}`;
}
export interface StackNode extends Base {
  kind: 'stack';
  children: LayoutNode[];
}

export type LayoutNode =
  | BandNode
  | BoxNode
  | TextNode
  | ColumnsNode
  | GridNode
  | IconNode
  | ChartNode
  | TableNode
  | PageNumberNode
  | ImageNode
  | NotesNode
  | RuleNode
  | SpacerNode
  | BlockNode
  | StackNode;

export interface LayoutDocument {
  pages: PageNode[];
}
