/** A theme: the designer's one place for colours, fonts and text styles. Charts follow it too. */
export interface FontFaceFiles {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

/** A font family as the theme names it: the npm package that ships it and a file per face. */
export interface ThemeFontFamily {
  package: string;
  faces: FontFaceFiles;
  /**
   * Families (keys of `fonts`) that set a character this family has no glyph for, tried
   * in order: the first that has every glyph of the character takes it. A family given
   * with a `lang` is tried only for text in that language (Han characters in a Japanese
   * font for `ja`).
   */
  fallback?: FallbackFont[];
}

/** A fallback family: for text in any language, or (with `lang`, a BCP 47 tag) in one. */
export type FallbackFont = string | { family: string; lang: string };

export interface TextStyle {
  font?: string;
  fontSize?: number;
  bold?: boolean;
  italics?: boolean;
  color?: string;
  lineHeight?: number;
  characterSpacing?: number;
  /** What text in this style is in the document's structure: a heading level, a paragraph, a caption… (`P` when unset). */
  role?: 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P' | 'Caption' | 'Note' | 'Lbl' | 'Artifact';
}

export interface ChartTheme {
  /** Family name (a key of `fonts`) used for all chart text. */
  font: string;
  fontSize: number;
  titleFontSize: number;
  labelColor: string;
  titleColor: string;
  gridColor: string;
  domainColor: string;
  background: string;
  /** Category palette, first colour first. */
  palette: string[];
  /** Sequential ramp for maps and heat maps, light to dark. */
  ramp: string[];
}

/** How tables are ruled and filled; text in them takes the `tableHead` and `tableCell` text styles. */
export interface TableTheme {
  /** The hairline between rows, and its width in points (0: none). */
  rule: string;
  ruleWidth: number;
  /** The rule under the header rows. */
  headerRule: string;
  headerRuleWidth: number;
  /** Fill behind the header rows. */
  headerFill?: string;
  /** Fill of every other data row (zebra stripes). */
  stripe?: string;
  /** Space inside a cell: [horizontal, vertical], in points. */
  padding: [number, number];
}

export interface Theme {
  name: string;
  /** Family name → font files. Keys are the names used in text styles and charts. */
  fonts: Record<string, ThemeFontFamily>;
  colors: Record<string, string>;
  page: { size: 'A4' | 'A5' | 'LETTER'; margins: [number, number, number, number] };
  text: Record<string, TextStyle>;
  chart: ChartTheme;
  /** How a link in running text looks; links take their text's colour when the theme says nothing. */
  link?: { color: string; underline: boolean };
  /** Tables' rules and fills; hairlines in grey when the theme says nothing. */
  table?: TableTheme;
  /** Where the theme was loaded from, for error messages. */
  file: string;
}

/** A family's font files resolved to absolute paths, with the families that fall back for it. */
export type ResolvedFamily = FontFaceFiles & { fallback?: FallbackFont[] };

/** Font files resolved to absolute paths: what pdfmake and text measurement both read. */
export type ResolvedFonts = Record<string, ResolvedFamily>;
