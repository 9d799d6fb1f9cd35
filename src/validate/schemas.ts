/**
 * JSON Schemas of every file kind users write. They are the single source of truth: the
 * files under `schemas/` are generated from here (`npm run schemas`) for editors, and
 * `validate` checks content against these same objects.
 */
const text = { type: 'string', minLength: 1 } as const;

/** A schema with what its field is for: editors show it on hover and in completion. */
function d<S extends object>(description: string, schema: S): S & { description: string } {
  return { ...schema, description };
}
const inlineText = { type: 'string', minLength: 1, description: 'Text; **bold**, *italic*, [links](https://…) and note references [^key] are allowed.' } as const;
const iconName = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Material Design Icons name, e.g. `robot-industrial`.' } as const;

const blockId = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'Names the block for translations, which address it as `pages[0].blocks[ID]`: a path that stays right when blocks are added before it.' } as const;

/** A picture of the brief: a file of its folder, with what it shows; wherever content shows one, it is written so. */
const picture = {
  image: { type: 'string', pattern: '\\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|[Ss][Vv][Gg])$', description: 'Path of a .png, .jpg or .svg file, relative to the brief\'s folder, e.g. `images/logo.png`.' },
  alt: { type: 'string', minLength: 1, description: 'What the picture shows, for readers who cannot see it.' },
  width: { type: 'number', minimum: 4, maximum: 600, description: 'Width in points; by default the picture\'s own (a pixel is 0.75 pt), never wider than its column.' },
  height: { type: 'number', minimum: 4, maximum: 800, description: 'Height in points; with `width`, the picture fits inside both.' },
} as const;

function block(type: string, description: string, properties: Record<string, unknown>, required: string[] = []) {
  return {
    type: 'object',
    description,
    properties: { type: { const: type, description: `\`${type}\`: ${description}` }, id: blockId, ...properties },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

const blockSchemas = {
  'title-band': block('title-band', 'Coloured band across the top of the page with the title, and a logo at its right if given.', {
    kicker: d('Small text above the title.', text),
    title: d('The document\'s title, large.', text),
    subtitle: d('A line under the title.', text),
    logo: d('A picture at the band\'s right, such as an emblem.', { type: 'object', properties: picture, required: ['image', 'alt'], additionalProperties: false }),
  }, ['title']),
  about: block('about', 'Boxed introduction with a title and paragraphs.', {
    title: d('Title of the box.', text),
    paragraphs: d('Paragraphs of the box, one string each.', { type: 'array', items: inlineText, minItems: 1 }),
  }, ['title', 'paragraphs']),
  headline: block('headline', 'Large statement in the accent colour.', { text: d('The statement; **bold** and [links](https://…) are allowed.', inlineText) }, ['text']),
  section: block('section', 'Section heading, optionally with a small label above it.', { label: d('Small capitals label above the heading.', text), title: d('The section\'s heading.', text) }, ['title']),
  paragraphs: block('paragraphs', 'Running text.', { items: d('Paragraphs, one string each.', { type: 'array', items: inlineText, minItems: 1 }) }, ['items']),
  'icon-list': block('icon-list', 'A list whose items each have an icon, a bold lead and text.', {
    intro: d('Text above the list.', inlineText),
    items: d('The list\'s items.', {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { icon: iconName, title: d('Bold lead before the text.', text), text: d('The item\'s text.', inlineText) },
        required: ['icon', 'text'],
        additionalProperties: false,
      },
    }),
  }, ['items']),
  'fund-tiles': block('fund-tiles', 'Tiles for funds or programmes, each with amounts.', {
    intro: d('Text above the tiles.', inlineText),
    tiles: d('One tile per fund or programme.', {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          name: d('Name of the fund or programme.', text),
          icon: iconName,
          amounts: d('Amounts, each a big value with a label.', {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: { value: d('The amount as printed, e.g. `€2.56 bn`.', text), label: d('What the amount is.', text) },
              required: ['value', 'label'],
              additionalProperties: false,
            },
          }),
          text: d('What the fund does.', inlineText),
        },
        required: ['name', 'amounts', 'text'],
        additionalProperties: false,
      },
    }),
  }, ['tiles']),
  lessons: block('lessons', 'A grid of short statements, each with an icon.', {
    intro: d('Text above the grid.', inlineText),
    columns: d('Statements per row of the grid, 1–4.', { type: 'integer', minimum: 1, maximum: 4 }),
    items: d('The statements.', {
      type: 'array',
      minItems: 1,
      items: { type: 'object', properties: { icon: iconName, text: d('The statement.', inlineText) }, required: ['icon', 'text'], additionalProperties: false },
    }),
  }, ['items']),
  stats: block('stats', 'Key figures as tiles: a big value and a label.', {
    intro: d('Text above the tiles.', inlineText),
    source: { ...inlineText, description: 'Printed under the tiles. Start with "Illustrative data" where the figures are not real.' },
    items: d('The figures, 1–4.', {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: {
        type: 'object',
        properties: { value: d('The figure as printed, e.g. `+16.9%`.', text), text: d('What the figure is.', inlineText), icon: iconName },
        required: ['value', 'text'],
        additionalProperties: false,
      },
    }),
  }, ['items']),
  chart: block('chart', 'A Vega-Lite chart from `charts/NAME.vl.json`, with its title and source line.', {
    chart: d('Name of the chart: `charts/NAME.vl.json` in the brief\'s folder.', { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }),
    title: d('The chart\'s title, above it.', inlineText),
    subtitle: d('A line under the title: what is measured, in what unit.', inlineText),
    height: { type: 'number', minimum: 20, maximum: 800, description: 'Height in points; defaults to the spec\'s own height.' },
    width: { type: 'number', minimum: 0.2, maximum: 1, description: 'Share of the column width, 0.2–1.' },
    alt: { type: 'string', minLength: 1, description: 'What the chart shows, for readers who cannot see it; by default made from the chart\'s title, spec and data.' },
  }, ['chart', 'title']),
  table: {
    ...block('table', 'A table of a dataset\'s rows (`data`) or of rows written here (`rows`), with a title and the source line.', {
      title: d('The table\'s title, above it.', inlineText),
      subtitle: d('A line under the title: what the figures are, and in what unit.', inlineText),
      data: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', description: 'Dataset in `data/`: its rows, and its source under the table.' },
      rows: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } }, description: 'Rows written here, one object per row.' },
      filter: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'Keep the rows whose fields equal these values, e.g. `{ year: 2019 }`.' },
      sort: { type: 'string', pattern: '^-?[^-]', description: 'Field to order the rows by; `-field` for descending.' },
      limit: { type: 'integer', minimum: 1, maximum: 100, description: 'Print the first N rows only.' },
      columns: d('The columns, left to right.', {
        type: 'array',
        minItems: 1,
        maxItems: 8,
        items: {
          type: 'object',
          properties: {
            field: d('The row field (a column of the dataset) the column shows.', text),
            title: d('The column\'s header; the field\'s name when absent.', text),
            format: { type: 'string', minLength: 1, description: 'Number format (d3-format): `,d` 1,234 · `.1f` 12.3 · `,.1f` · `.0%` 12% · `+.1f` +1.5.' },
            align: { enum: ['left', 'center', 'right'], description: 'Default: right for numbers, left for text.' },
            unit: { ...text, description: 'Shown in the header after the title, e.g. `%` or `€ m`.' },
          },
          required: ['field'],
          additionalProperties: false,
        },
      }),
      source: { ...inlineText, description: 'Printed under a table of `rows`; a table of a dataset prints the dataset\'s source.' },
    }, ['columns']),
    oneOf: [{ required: ['data'] }, { required: ['rows'] }],
  },
  image: block('image', 'A picture from the brief\'s folder (PNG, JPEG or SVG), with its alternative text and an optional caption.', { ...picture, caption: inlineText }, ['image', 'alt']),
  notes: block('notes', 'The notes of the brief (`notes:`) that the text refers to with `[^key]`, numbered in the order of their first reference.', { title: d('A heading above the notes, such as "Notes" or "References".', text) }),
  row: block('row', 'Blocks side by side.', {
    gap: d('Space between the columns in points (default 16).', { type: 'number', minimum: 0, maximum: 60 }),
    columns: d('The columns, 2–4, left to right.', {
      type: 'array',
      minItems: 2,
      maxItems: 4,
      items: {
        type: 'object',
        properties: {
          width: d('Relative width: a column of width 2 is twice as wide as one of 1 (the default).', { type: 'number', exclusiveMinimum: 0 }),
          blocks: d('The blocks of the column, top to bottom.', { $ref: '#/$defs/blocks' }),
        },
        required: ['blocks'],
        additionalProperties: false,
      },
    }),
  }, ['columns']),
  spacer: block('spacer', 'Vertical space.', { height: d('Height in points.', { type: 'number', minimum: 0, maximum: 400 }) }, ['height']),
} as const;

export const BLOCK_TYPES = Object.keys(blockSchemas);

/**
 * Names of templates and themes: a folder under `templates/` and a file under
 * `templates/themes/`. The session refuses any other name before touching the disk.
 */
export const LOOK_NAME_PATTERN = '^[a-z0-9-]+$';

export const briefSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://brief.dev/schemas/brief.schema.json',
  title: 'brief: a brief',
  type: 'object',
  properties: {
    template: { type: 'string', pattern: LOOK_NAME_PATTERN, description: 'Folder under `templates/`: lowercase letters, digits and dashes.' },
    theme: { type: 'string', pattern: LOOK_NAME_PATTERN, description: 'File under `templates/themes/`, without `.yaml`: lowercase letters, digits and dashes.' },
    output: d('File name of the PDF, without `.pdf` (default: the folder\'s name).', { type: 'string', pattern: '^[A-Za-z0-9._-]+$' }),
    meta: d('The PDF\'s metadata.', {
      type: 'object',
      properties: {
        title: d('Title of the PDF, shown in the reader\'s window.', text),
        subject: d('Subject of the PDF.', text),
        author: d('Author of the PDF.', text),
        keywords: d('Keywords of the PDF.', { type: 'array', items: text }),
        date: d('Date of the PDF, `YYYY-MM-DD` (default: SOURCE_DATE_EPOCH, else 2000-01-01).', { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
        language: d('Language of the text, e.g. `en` or `en-GB`.', { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' }),
        standards: {
          type: 'array',
          items: { enum: ['a-1b', 'a-2b', 'ua-1'] },
          uniqueItems: true,
          description: 'PDF standards the PDF conforms to and says so: `a-1b` or `a-2b` (PDF/A, archival) and `ua-1` (PDF/UA, accessible). Default: [a-2b, ua-1]; [] for none. `brief build --pdf-standard` overrides it.',
        },
      },
      required: ['title'],
      additionalProperties: false,
    }),
    footer: d('A line at the foot of every page, linked.', {
      type: 'object',
      properties: { text: d('Text before the link.', text), link: d('The link, `https://…`, printed after the text.', { type: 'string', pattern: '^https?://' }) },
      required: ['text', 'link'],
      additionalProperties: false,
    }),
    notes: {
      type: 'object',
      description: 'Footnotes and references, by key: text refers to one with `[^key]`, and a `notes` block prints them, numbered.',
      propertyNames: { pattern: '^[A-Za-z0-9_-]+$' },
      additionalProperties: inlineText,
    },
    pages: d('The pages, in order, at most 100; each must fit on one sheet.', {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        properties: { name: d('A name for the page, for your own reference.', text), blocks: d('The blocks of the page, top to bottom.', { $ref: '#/$defs/blocks' }) },
        required: ['blocks'],
        additionalProperties: false,
      },
    }),
  },
  required: ['template', 'theme', 'meta', 'pages'],
  additionalProperties: false,
  $defs: {
    blocks: { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/$defs/block' } },
    block: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: BLOCK_TYPES, description: 'What kind of block: it decides the block\'s other fields.' } },
      allOf: Object.entries(blockSchemas).map(([type]) => ({
        if: { properties: { type: { const: type } }, required: ['type'] },
        then: { $ref: `#/$defs/block-${type}` },
      })),
    },
    ...Object.fromEntries(Object.entries(blockSchemas).map(([type, schema]) => [`block-${type}`, schema])),
  },
} as const;

export const dataSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://brief.dev/schemas/data.schema.json',
  title: 'brief: a dataset descriptor',
  type: 'object',
  properties: {
    title: d('What the data are.', text),
    source: { type: 'string', minLength: 1, description: 'Printed under every chart and table that uses the data. Start with "Illustrative data" where figures are not real.' },
    illustrative: d('`true` for made-up figures: every chart using them is labelled "Illustrative data".', { type: 'boolean' }),
    file: { type: 'string', pattern: '^[A-Za-z0-9._-]+\\.csv$', description: 'A CSV beside this file.' },
    values: d('The rows inline, one object per row, in place of `file`.', { type: 'array', items: { type: 'object' } }),
    columns: d('Every column: its name → its type (and a description).', {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        properties: {
          type: { enum: ['string', 'number', 'integer', 'boolean', 'date'], description: 'How cells read: `date` takes ISO 8601 dates, `2020-03-01` or `2020-03-01T14:30`.' },
          description: d('What the column holds, in what unit.', text),
        },
        required: ['type'],
        additionalProperties: false,
      },
    }),
  },
  required: ['source', 'columns'],
  oneOf: [{ required: ['file'] }, { required: ['values'] }],
  additionalProperties: false,
} as const;

const textStyle = {
  type: 'object',
  properties: {
    font: d('Font family: a name under `fonts`.', text),
    fontSize: d('Size in points.', { type: 'number', minimum: 4, maximum: 96 }),
    bold: d('Set in the bold face.', { type: 'boolean' }),
    italics: d('Set in the italic face.', { type: 'boolean' }),
    color: d('Colour, `#rrggbb`.', { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' }),
    lineHeight: d('Line height as a multiple of the font size.', { type: 'number', minimum: 0.8, maximum: 3 }),
    characterSpacing: d('Extra space between letters, in points.', { type: 'number', minimum: -2, maximum: 10 }),
    role: {
      enum: ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'Caption', 'Note', 'Lbl', 'Artifact'],
      description: 'What text in this style is in the tagged PDF: a heading level, a paragraph (the default), a caption, a note, a label, or an artifact a reader skips.',
    },
  },
  additionalProperties: false,
} as const;
const color = { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' } as const;

export const themeSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://brief.dev/schemas/theme.schema.json',
  title: 'brief: a theme',
  type: 'object',
  properties: {
    name: d('Name of the theme.', text),
    fonts: d('Font families: a name → the npm package and the files of its four faces.', {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        properties: {
          package: { type: 'string', pattern: '^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$', description: 'npm package that ships the font files, e.g. `@expo-google-fonts/inter`.' },
          faces: d('Font files in the package, by face.', {
            type: 'object',
            properties: {
              normal: d('File of the regular face.', text),
              bold: d('File of the bold face.', text),
              italics: d('File of the italic face.', text),
              bolditalics: d('File of the bold italic face.', text),
            },
            required: ['normal', 'bold', 'italics', 'bolditalics'],
            additionalProperties: false,
          }),
          fallback: {
            type: 'array',
            items: {
              anyOf: [
                { type: 'string', minLength: 1, description: 'A family of `fonts`, for text in any language.' },
                {
                  type: 'object',
                  description: 'A family of `fonts` for text in one language only: tried for a run marked `{lang=…}` in it, or a brief whose `meta.language` is it.',
                  properties: {
                    family: { type: 'string', minLength: 1, description: 'The family, a key of `fonts`.' },
                    lang: { type: 'string', pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'A BCP 47 language tag, e.g. `ja`; it also serves its variants (`zh` serves `zh-Hans`).' },
                  },
                  required: ['family', 'lang'],
                  additionalProperties: false,
                },
              ],
            },
            uniqueItems: true,
            description: 'Families of `fonts` that set a character this family has no glyph for, tried in order (e.g. Noto Sans SC for Chinese, Noto Emoji); one given as `{ family, lang }` only for text in that language (e.g. `{ family: NotoSansJP, lang: ja }` sets Han characters in their Japanese forms). Their files are read only when a character needs them.',
          },
        },
        required: ['package', 'faces'],
        additionalProperties: false,
      },
    }),
    colors: d('Named colours that templates use: a name → `#rrggbb`.', { type: 'object', additionalProperties: color }),
    page: d('The sheet.', {
      type: 'object',
      properties: {
        size: d('Paper size.', { enum: ['A4', 'A5', 'LETTER'] }),
        margins: d('Margins in points: left, top, right, bottom.', { type: 'array', items: { type: 'number', minimum: 0, maximum: 200 }, minItems: 4, maxItems: 4 }),
      },
      required: ['size', 'margins'],
      additionalProperties: false,
    }),
    text: d('Text styles that templates name: a name → its font, size and colour.', { type: 'object', additionalProperties: textStyle }),
    chart: d('How charts look: it becomes every chart\'s Vega config.', {
      type: 'object',
      properties: {
        font: d('Font family of every chart text: a name under `fonts`.', text),
        fontSize: d('Size of labels, in points.', { type: 'number', minimum: 4, maximum: 30 }),
        titleFontSize: d('Size of axis and legend titles, in points.', { type: 'number', minimum: 4, maximum: 30 }),
        labelColor: d('Colour of labels.', color),
        titleColor: d('Colour of axis and legend titles.', color),
        gridColor: d('Colour of grid lines.', color),
        domainColor: d('Colour of axis lines and ticks.', color),
        background: d('Background of the chart.', color),
        palette: d('Colours of categories, in order.', { type: 'array', items: color, minItems: 1 }),
        ramp: d('Colours of a sequential scale, low to high.', { type: 'array', items: color, minItems: 2 }),
      },
      required: ['font', 'fontSize', 'titleFontSize', 'labelColor', 'titleColor', 'gridColor', 'domainColor', 'background', 'palette', 'ramp'],
      additionalProperties: false,
    }),
    link: {
      type: 'object',
      description: 'How a link in running text (`[words](https://…)`) looks. A link in a run with a style of its own (`<span style>`) keeps that style\'s colour.',
      properties: { color: { ...color, description: 'Colour of a link\'s words.' }, underline: { type: 'boolean', description: 'Whether a link is underlined.' } },
      required: ['color', 'underline'],
      additionalProperties: false,
    },
    table: {
      type: 'object',
      description: 'How tables are ruled and filled. Their text takes the `tableHead` and `tableCell` text styles.',
      properties: {
        rule: { ...color, description: 'The hairline between rows.' },
        ruleWidth: { type: 'number', minimum: 0, maximum: 4, description: 'Width of the hairline between rows, in points; 0 for none.' },
        headerRule: { ...color, description: 'The rule under the header row.' },
        headerRuleWidth: { type: 'number', minimum: 0, maximum: 4, description: 'Width of the rule under the header row, in points.' },
        headerFill: { ...color, description: 'Fill behind the header row.' },
        stripe: { ...color, description: 'Fill of every other data row (zebra stripes).' },
        padding: { type: 'array', items: { type: 'number', minimum: 0, maximum: 20 }, minItems: 2, maxItems: 2, description: 'Space inside a cell: [horizontal, vertical], in points.' },
      },
      required: ['rule', 'ruleWidth', 'headerRule', 'headerRuleWidth', 'padding'],
      additionalProperties: false,
    },
  },
  required: ['name', 'fonts', 'colors', 'page', 'text', 'chart'],
  additionalProperties: false,
} as const;

/**
 * A leaflet set (`leaflets.yaml`): a brief skeleton whose strings are Handlebars
 * expressions over one row of a table, plus the `leaflets` section naming the table.
 * Only the section is checked here; each expanded leaflet is checked as a brief.
 */
export const leafletSetSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://brief.dev/schemas/leaflets.schema.json',
  title: 'brief: a leaflet set',
  type: 'object',
  properties: {
    leaflets: d('The table with one row per leaflet, and how each leaflet is named.', {
      type: 'object',
      properties: {
        rows: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', description: 'Dataset in `data/` with one row per leaflet.' },
        key: { type: 'string', minLength: 1, description: 'Column that identifies a row; its values must be unique.' },
        name: { type: 'string', minLength: 1, description: 'File name of each PDF, without `.pdf`: a Handlebars expression over the row, e.g. `ati-{{slug}}`.' },
        join: {
          type: 'object',
          description: 'Datasets split by row: dataset name → its column holding the row key. Each leaflet sees only its own rows of these.',
          additionalProperties: { type: 'string', minLength: 1 },
        },
      },
      required: ['rows', 'key', 'name'],
      additionalProperties: false,
    }),
    template: briefSchema.properties.template,
    theme: briefSchema.properties.theme,
    output: { not: {}, description: 'A leaflet set names its PDFs with `leaflets.name`.' },
  },
  required: ['leaflets', 'template', 'theme', 'meta', 'pages'],
} as const;

const translatedTexts = (description: string) => ({
  type: 'object',
  description,
  propertyNames: { pattern: '^[A-Za-z0-9_$-]+(\\[[^\\]]+\\])*(\\.[A-Za-z0-9_$-]+(\\[[^\\]]+\\])*)*$' },
  additionalProperties: { type: 'string', minLength: 1 },
});

/** `lang/LANGUAGE.yaml` beside a brief.yaml: the brief's texts in another language, by path. */
export const translationSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://brief.dev/schemas/translation.schema.json',
  title: 'brief: a translation of a brief',
  type: 'object',
  properties: {
    content: translatedTexts('Every text of brief.yaml by its path: `meta.title`, `footer.text`, `pages[overview].blocks[growth].title`, `pages[0].blocks[2].items[1]` (pages by `name`, blocks by `id`, or by index).'),
    data: {
      type: 'object',
      description: 'Datasets by name: the title and source of each, and the values of the text columns listed.',
      additionalProperties: {
        type: 'object',
        properties: {
          title: d('The dataset\'s title in this language.', text),
          source: d('The dataset\'s source line in this language.', text),
          columns: {
            type: 'object',
            description: 'Column → value as written in the data → value as shown. Every value of a column listed is translated.',
            additionalProperties: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
          },
        },
        additionalProperties: false,
      },
    },
    charts: {
      type: 'object',
      description: 'Chart specs by name: every title and worded `labelExpr` by its path in the spec (`encoding.x.axis.title`), and any other string of it that must change with the data (a scale domain).',
      additionalProperties: translatedTexts('Texts of the spec by path.'),
    },
  },
  required: ['content'],
  additionalProperties: false,
} as const;

export const SCHEMAS = { brief: briefSchema, data: dataSchema, theme: themeSchema, leaflets: leafletSetSchema, translation: translationSchema } as const;

/** The files under `schemas/`, by name: what `scripts/schemas.mjs` writes and a test compares. */
export function publishedSchemas(): Record<string, string> {
  return Object.fromEntries(Object.entries(SCHEMAS).map(([kind, schema]) => [`${kind}.schema.json`, JSON.stringify(schema, null, 2) + '\n']));
}
