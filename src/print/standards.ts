/**
 * The PDF standards a brief is printed to: archival PDF/A (part 1 or 2, level b) and
 * accessible PDF/UA-1, together by default, as a public body's website and records need.
 * pdfkit identifies one standard at a time (`subset`); the second, PDF/UA beside PDF/A,
 * is identified here in the XMP, with the extension schema PDF/A asks of a namespace it
 * does not know. pdfkit also writes the Info values into the XMP without escaping them,
 * so a value that XML would misread (a title with `&`) is left out of the Info
 * dictionary and written here, escaped.
 */

export const PDF_STANDARDS = ['a-1b', 'a-2b', 'ua-1'] as const;
export type PdfStandard = (typeof PDF_STANDARDS)[number];

/** What a brief is printed to when neither it nor the command line says. */
export const DEFAULT_STANDARDS: readonly PdfStandard[] = ['a-2b', 'ua-1'];

/** A list as written on the command line (`a-2b,ua-1`, `none`); a message for one that is not. */
export function parseStandards(value: string): PdfStandard[] | string {
  if (value.trim() === 'none') return [];
  const list = value.split(',').map((s) => s.trim().toLowerCase());
  const unknown = list.find((s) => !(PDF_STANDARDS as readonly string[]).includes(s));
  if (unknown !== undefined) return `unknown PDF standard \`${unknown}\`; choose from ${PDF_STANDARDS.join(', ')}, or none`;
  return checkStandards(list as PdfStandard[]);
}

/** The same list, or a message when it names two parts of PDF/A. */
export function checkStandards(list: PdfStandard[]): PdfStandard[] | string {
  const unique = [...new Set(list)];
  if (unique.filter((s) => s.startsWith('a-')).length > 1) return 'a PDF conforms to one part of PDF/A: choose a-1b or a-2b';
  return unique;
}

export interface DocumentInfo {
  title: string;
  subject?: string;
  author?: string;
  keywords?: string;
  creationDate: Date;
}

/** pdfkit's document options for the standards, the metadata and the language. */
export function documentOptions(standards: readonly PdfStandard[], info: DocumentInfo, language: string | undefined): Record<string, unknown> {
  const archival = standards.find((s) => s.startsWith('a-'));
  const values: Record<string, string | undefined> = { Title: info.title, Author: info.author, Subject: info.subject, Keywords: info.keywords };
  const pdfInfo: Record<string, unknown> = { Creator: 'brief', Producer: 'brief', CreationDate: info.creationDate, ModDate: info.creationDate };
  for (const [key, value] of Object.entries(values)) if (value && xmlSafe(value)) pdfInfo[key] = value;
  return {
    // PDF/A-1 is PDF 1.4; pdfkit writes XMP only above 1.3
    pdfVersion: archival === 'a-1b' ? '1.4' : '1.7',
    ...(archival ? { subset: archival === 'a-1b' ? 'PDF/A-1b' : 'PDF/A-2b' } : standards.includes('ua-1') ? { subset: 'PDF/UA' } : {}),
    tagged: true,
    displayTitle: true,
    ...(language ? { lang: language } : {}),
    info: pdfInfo,
  };
}

/** XMP that pdfkit does not write: escaped Info values it had to leave out, and PDF/UA beside PDF/A. */
export function extraXmp(standards: readonly PdfStandard[], info: DocumentInfo): string[] {
  const out: string[] = [];
  const dc: string[] = [];
  if (!xmlSafe(info.title)) dc.push(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(info.title)}</rdf:li></rdf:Alt></dc:title>`);
  if (info.author && !xmlSafe(info.author)) dc.push(`<dc:creator><rdf:Seq><rdf:li>${escapeXml(info.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (info.subject && !xmlSafe(info.subject)) dc.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(info.subject)}</rdf:li></rdf:Alt></dc:description>`);
  if (dc.length) out.push(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${dc.join('')}</rdf:Description>`);
  if (info.keywords && !xmlSafe(info.keywords)) out.push(`<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Keywords>${escapeXml(info.keywords)}</pdf:Keywords></rdf:Description>`);
  if (standards.includes('ua-1') && standards.some((s) => s.startsWith('a-'))) out.push(PDFUA_ID, PDFUA_EXTENSION_SCHEMA);
  return out;
}

const PDFUA_ID = '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>';

/** PDF/A accepts a namespace it does not define only with a description of it. */
const PDFUA_EXTENSION_SCHEMA = `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>`;

function xmlSafe(value: string): boolean {
  return !/[&<>]/.test(value);
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
