import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Store } from '../store/store.js';
import { storeKey } from '../store/store.js';
import { documentBytes } from './document-bytes.js';
import { readObjects, type PdfObject, type PdfValue } from './pdf-objects.js';
import { restoreLongPaths, standInLongPaths } from './long-paths.js';
import type { LaidOutSvg, PdfKitDocument } from './pages.js';

/**
 * A drawing's graphics (a chart's, its text taken out; an icon) as a finished piece of PDF,
 * kept in the store and set on the page as a Form XObject.
 *
 * Turning an SVG into PDF operators (parsing it, its paths, its styles) was most of what
 * printing a brief spent on its charts, build after build on the same drawings. Drawn
 * once into a scratch document of its own size, the drawing is the scratch page's content
 * and the objects its resources name (opacity states, gradients); those are kept under the
 * hash of the SVG and its size, and a document takes them as they are. A drawing that
 * uses fonts (text the renderer did not lift out) is drawn on the page as before. The
 * same drawing twice in a document (an icon) is one Form XObject.
 */
export interface Fragment {
  /**
   * The scratch page's content, deflated as pdfkit deflates a stream it writes (so that a
   * document writes it as it is, the same bytes): once, off this thread, when the
   * drawing is made, not each time a document sets it.
   */
  deflated: Buffer;
  resources: PdfValue;
  /** The objects the resources reach, by their scratch numbers. */
  objects: [number, PdfObject][];
}

/** A fragment as the store keeps it: its content in base64. */
type KeptFragment = Omit<Fragment, 'deflated'> & { deflated: string };

const deflate = promisify(zlib.deflate);

export async function drawnFragment(svg: LaidOutSvg, store: Store | undefined, scratch: (width: number, height: number) => PdfKitDocument, draw: (doc: PdfKitDocument, svg: LaidOutSvg) => void): Promise<Fragment | undefined> {
  const key = storeKey('drawing as a PDF form, its content deflated', svg.svg, String(svg.width), String(svg.height));
  const kept = store?.get('drawing', key);
  if (kept) {
    const fragment = JSON.parse(kept.toString('utf8')) as KeptFragment;
    return { ...fragment, deflated: Buffer.from(fragment.deflated, 'base64') };
  }
  const drawn = async (text: string) => {
    const doc = scratch(svg.width, svg.height);
    return pageOf(readObjects(await documentBytes(doc, () => draw(doc, { ...svg, svg: text, x: 0, y: 0 }))));
  };
  // long polylines stood in for while svg-to-pdfkit draws (long-paths.ts), drawn as they are when a stand-in is lost
  const stoodIn = standInLongPaths(svg.svg);
  let page = await drawn(stoodIn?.svg ?? svg.svg);
  if (!page) return undefined;
  let content = stoodIn ? restoreLongPaths(page.content, stoodIn.paths) : page.content;
  if (content === undefined) {
    page = await drawn(svg.svg);
    if (!page) return undefined;
    content = page.content;
  }
  const { resources, objects } = page;
  const fragment: Fragment = { resources, objects, deflated: await deflate(Buffer.from(content, 'latin1')) };
  store?.put('drawing', key, JSON.stringify({ resources, objects, deflated: fragment.deflated.toString('base64') } satisfies KeptFragment));
  return fragment;
}

/** The page of a scratch document, its content as latin1 text; undefined when it uses fonts. */
function pageOf(objects: Map<number, PdfObject>): (Omit<Fragment, 'deflated'> & { content: string }) | undefined {
  const page = [...objects.values()].find((o) => (o.value as { Type?: PdfValue }).Type === 'Page')?.value as { Contents?: PdfValue; Resources?: PdfValue } | undefined;
  const contentRef = (page?.Contents as { ref?: number } | undefined)?.ref;
  const content = contentRef !== undefined ? objects.get(contentRef)?.stream : undefined;
  if (!page || content === undefined) return undefined;
  const resolve = (v: PdfValue | undefined): PdfValue | undefined => (v && typeof v === 'object' && 'ref' in v ? objects.get(v.ref as number)?.value : v);
  const resources = { ...((resolve(page.Resources) ?? {}) as Record<string, PdfValue>) };
  delete resources.ProcSet;
  if (resources.Font && Object.keys(resources.Font as object).length > 0) return undefined;
  const reached = new Map<number, PdfObject>();
  const visit = (v: PdfValue | undefined) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      if ('ref' in v && typeof v.ref === 'number') {
        if (reached.has(v.ref)) return;
        const target = objects.get(v.ref);
        if (!target) throw new Error(`a drawing refers to an object its document does not have (${v.ref})`);
        reached.set(v.ref, target);
        visit(target.value);
      } else if (!('bytes' in v)) Object.values(v).forEach(visit);
    }
  };
  visit(resources);
  return { content, resources, objects: [...reached].sort(([a], [b]) => a - b) };
}

/** Forms already set in one document, by fragment: a drawing used twice is written once. */
export type FormsOfDocument = Map<Fragment, { name: string; form: unknown }>;

/** Set `fragment` on the current page in `svg`'s box. */
export function placeFragment(doc: PdfKitDocument, fragment: Fragment, svg: LaidOutSvg, forms: FormsOfDocument): void {
  let placed = forms.get(fragment);
  if (!placed) {
    const refs = new Map<number, { data: unknown; end(data?: Buffer): void }>();
    for (const [id] of fragment.objects) refs.set(id, doc.ref());
    const convert = (v: PdfValue): unknown => {
      if (Array.isArray(v)) return v.map(convert);
      if (v && typeof v === 'object') {
        if ('ref' in v && typeof v.ref === 'number') return refs.get(v.ref);
        if ('bytes' in v && typeof v.bytes === 'string') return Buffer.from(v.bytes, 'latin1');
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
      }
      return v;
    };
    for (const [id, object] of fragment.objects) {
      const ref = refs.get(id)!;
      const data = convert(object.value) as Record<string, unknown>;
      if (object.stream !== undefined) delete data.Length;
      ref.data = data;
      ref.end(object.stream !== undefined ? Buffer.from(object.stream, 'latin1') : undefined);
    }
    // deflated already: the dictionary pdfkit writes for a stream it deflates, in its order;
    // a document that deflates nothing takes the content as it is
    const deflates = doc.compress !== false;
    const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, svg.width, svg.height], Resources: convert(fragment.resources), ...(deflates ? { Length: 0, Filter: 'FlateDecode' } : {}) });
    form.end(deflates ? fragment.deflated : zlib.inflateSync(fragment.deflated));
    placed = { name: `Fx${forms.size + 1}`, form };
    forms.set(fragment, placed);
  }
  doc.page.xobjects[placed.name] = placed.form;
  // the form's space is the scratch page's: y up from its bottom-left corner
  doc.save();
  doc.transform(1, 0, 0, -1, svg.x, svg.y + svg.height);
  doc.addContent(`/${placed.name} Do`);
  doc.restore();
}
