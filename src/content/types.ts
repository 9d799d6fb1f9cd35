/** What an editor writes in a brief's YAML, after validation. */
export interface BriefMeta {
  title: string;
  subject?: string;
  author?: string;
  keywords?: string[];
  /** Publication date, `YYYY-MM-DD`; also the PDF's creation date, so builds repeat exactly. */
  date?: string;
  language?: string;
  /** PDF standards the PDF conforms to (default a-2b and ua-1; [] for none). */
  standards?: ('a-1b' | 'a-2b' | 'ua-1')[];
}

export interface FooterLink {
  text: string;
  link: string;
}

/** One block of a page; `type` names the template partial that draws it. */
export interface Block {
  type: string;
  [field: string]: unknown;
}

export interface PageContent {
  name?: string;
  blocks: Block[];
}

export interface BriefContent {
  template: string;
  theme: string;
  /** Base name of the PDF; defaults to the brief's folder name. */
  output?: string;
  meta: BriefMeta;
  footer?: FooterLink;
  /** Footnotes and references by key, referred to in text with `[^key]`. */
  notes?: Record<string, string>;
  pages: PageContent[];
}
