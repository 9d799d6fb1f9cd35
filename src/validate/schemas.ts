/**
 * JSON Schemas of every file kind users write. They are the single source of truth: the
 * files under `schemas/` are generated from here (`npm run schemas`) for editors, and
 * `validate` checks content against these same objects.
 */
const text = { type: 'string', minLength: 1 } as const;
const inlineText = { type: 'string', minLength: 1, description: 'Text; **bold**, *italic*, [links](https://…) and note references [^key] are allowed.' } as const;
const iconName = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Material Design Icons name, e.g. `robot-industrial`.' } as const;

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
    properties: { type: { const: type }, ...properties },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

const blockSchemas = {
  'title-band': block('title-band', 'Coloured band across the top of the page with the title, and a logo at its right if given.', {
    kicker: text,
    title: text,
    subtitle: text,
    logo: { type: 'object', properties: picture, required: ['image', 'alt'], additionalProperties: false },
  }, ['title']),
  about: block('about', 'Boxed introduction with a title and paragraphs.', { title: text, paragraphs: { type: 'array', items: inlineText, minItems: 1 } }, ['title', 'paragraphs']),
  headline: block('headline', 'Large statement in the accent colour.', { text: inlineText }, ['text']),
  section: block('section', 'Section heading, optionally with a small label above it.', { label: text, title: text }, ['title']),
  paragraphs: block('paragraphs', 'Running text.', { items: { type: 'array', items: inlineText, minItems: 1 } }, ['items']),
  'icon-list': block('icon-list', 'A list whose items each have an icon, a bold lead and text.', {
    intro: inlineText,
    items: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', properties: { icon: iconName, title: text, text: inlineText }, required: ['icon', 'text'], additionalProperties: false },
    },
  }, ['items']),
  'fund-tiles': block('fund-tiles', 'Tiles for funds or programmes, each with amounts.', {
    intro: inlineText,
    tiles: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          name: text,
          icon: iconName,
          amounts: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', properties: { value: text, label: text }, required: ['value', 'label'], additionalProperties: false },
          },
          text: inlineText,
        },
        required: ['name', 'amounts', 'text'],
        additionalProperties: false,
      },
    },
  }, ['tiles']),
  lessons: block('lessons', 'A grid of short statements, each with an icon.', {
    intro: inlineText,
    columns: { type: 'integer', minimum: 1, maximum: 4 },
    items: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', properties: { icon: iconName, text: inlineText }, required: ['icon', 'text'], additionalProperties: false },
    },
  }, ['items']),
  stats: block('stats', 'Key figures as tiles: a big value and a label.', {
    intro: inlineText,
    source: { ...inlineText, description: 'Printed under the tiles. Start with "Illustrative data" where the figures are not real.' },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: { type: 'object', properties: { value: text, text: inlineText, icon: iconName }, required: ['value', 'text'], additionalProperties: false },
    },
  }, ['items']),
  chart: block('chart', 'A Vega-Lite chart from `charts/NAME.vl.json`, with its title and source line.', {
    chart: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
    title: inlineText,
    subtitle: inlineText,
    height: { type: 'number', minimum: 20, maximum: 800, description: 'Height in points; defaults to the spec\'s own height.' },
    width: { type: 'number', minimum: 0.2, maximum: 1, description: 'Share of the column width, 0.2–1.' },
    alt: { type: 'string', minLength: 1, description: 'What the chart shows, for readers who cannot see it; by default made from the chart\'s title, spec and data.' },
  }, ['chart', 'title']),
  table: {
    ...block('table', 'A table of a dataset\'s rows (`data`) or of rows written here (`rows`), with a title and the source line.', {
      title: inlineText,
      subtitle: inlineText,
      data: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', description: 'Dataset in `data/`: its rows, and its source under the table.' },
      rows: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } }, description: 'Rows written here, one object per row.' },
      filter: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'Keep the rows whose fields equal these values, e.g. `{ year: 2019 }`.' },
      sort: { type: 'string', pattern: '^-?[^-]', description: 'Field to order the rows by; `-field` for descending.' },
      limit: { type: 'integer', minimum: 1, maximum: 100, description: 'Print the first N rows only.' },
      columns: {
        type: 'array',
        minItems: 1,
        maxItems: 8,
        items: {
          type: 'object',
          properties: {
            field: text,
            title: text,
            format: { type: 'string', minLength: 1, description: 'Number format (d3-format): `,d` 1,234 · `.1f` 12.3 · `,.1f` · `.0%` 12% · `+.1f` +1.5.' },
            align: { enum: ['left', 'center', 'right'], description: 'Default: right for numbers, left for text.' },
            unit: { ...text, description: 'Shown in the header after the title, e.g. `%` or `€ m`.' },
          },
          required: ['field'],
          additionalProperties: false,
        },
      },
      source: { ...inlineText, description: 'Printed under a table of `rows`; a table of a dataset prints the dataset\'s source.' },
    }, ['columns']),
    oneOf: [{ required: ['data'] }, { required: ['rows'] }],
  },
  image: block('image', 'A picture from the brief\'s folder (PNG, JPEG or SVG), with its alternative text and an optional caption.', { ...picture, caption: inlineText }, ['image', 'alt']),
  notes: block('notes', 'The notes of the brief (`notes:`) that the text refers to with `[^key]`, numbered in the order of their first reference.', { title: text }),
  row: block('row', 'Blocks side by side.', {
    gap: { type: 'number', minimum: 0, maximum: 60 },
    columns: {
      type: 'array',
      minItems: 2,
      maxItems: 4,
      items: {
        type: 'object',
        properties: { width: { type: 'number', exclusiveMinimum: 0 }, blocks: { $ref: '#/$defs/blocks' } },
        required: ['blocks'],
        additionalProperties: false,
      },
    },
  }, ['columns']),
  spacer: block('spacer', 'Vertical space.', { height: { type: 'number', minimum: 0, maximum: 400 } }, ['height']),
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
    output: { type: 'string', pattern: '^[A-Za-z0-9._-]+$' },
    meta: {
      type: 'object',
      properties: {
        title: text,
        subject: text,
        author: text,
        keywords: { type: 'array', items: text },
        date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        language: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
        standards: {
          type: 'array',
          items: { enum: ['a-1b', 'a-2b', 'ua-1'] },
          uniqueItems: true,
          description: 'PDF standards the PDF conforms to and says so: `a-1b` or `a-2b` (PDF/A, archival) and `ua-1` (PDF/UA, accessible). Default: [a-2b, ua-1]; [] for none. `brief build --pdf-standard` overrides it.',
        },
      },
      required: ['title'],
      additionalProperties: false,
    },
    footer: {
      type: 'object',
      properties: { text: text, link: { type: 'string', pattern: '^https?://' } },
      required: ['text', 'link'],
      additionalProperties: false,
    },
    notes: {
      type: 'object',
      description: 'Footnotes and references, by key: text refers to one with `[^key]`, and a `notes` block prints them, numbered.',
      propertyNames: { pattern: '^[A-Za-z0-9_-]+$' },
      additionalProperties: inlineText,
    },
    pages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { name: text, blocks: { $ref: '#/$defs/blocks' } },
        required: ['blocks'],
        additionalProperties: false,
      },
    },
  },
  required: ['template', 'theme', 'meta', 'pages'],
  additionalProperties: false,
  $defs: {
    blocks: { type: 'array', minItems: 1, items: { $ref: '#/$defs/block' } },
    block: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: BLOCK_TYPES } },
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
    title: text,
    source: { type: 'string', minLength: 1, description: 'Printed under every chart and table that uses the data. Start with "Illustrative data" where figures are not real.' },
    illustrative: { type: 'boolean' },
    file: { type: 'string', pattern: '^[A-Za-z0-9._-]+\\.csv$', description: 'A CSV beside this file.' },
    values: { type: 'array', items: { type: 'object' } },
    columns: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        properties: {
          type: { enum: ['string', 'number', 'integer', 'boolean', 'date'], description: 'How cells read: `date` takes ISO 8601 dates, `2020-03-01` or `2020-03-01T14:30`.' },
          description: text,
        },
        required: ['type'],
        additionalProperties: false,
      },
    },
  },
  required: ['source', 'columns'],
  oneOf: [{ required: ['file'] }, { required: ['values'] }],
  additionalProperties: false,
} as const;

const textStyle = {
  type: 'object',
  properties: {
    font: text,
    fontSize: { type: 'number', minimum: 4, maximum: 96 },
    bold: { type: 'boolean' },
    italics: { type: 'boolean' },
    color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    lineHeight: { type: 'number', minimum: 0.8, maximum: 3 },
    characterSpacing: { type: 'number', minimum: -2, maximum: 10 },
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
    name: text,
    fonts: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        properties: {
          package: { type: 'string', pattern: '^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$', description: 'npm package that ships the font files, e.g. `@expo-google-fonts/inter`.' },
          faces: {
            type: 'object',
            properties: { normal: text, bold: text, italics: text, bolditalics: text },
            required: ['normal', 'bold', 'italics', 'bolditalics'],
            additionalProperties: false,
          },
        },
        required: ['package', 'faces'],
        additionalProperties: false,
      },
    },
    colors: { type: 'object', additionalProperties: color },
    page: {
      type: 'object',
      properties: {
        size: { enum: ['A4', 'A5', 'LETTER'] },
        margins: { type: 'array', items: { type: 'number', minimum: 0, maximum: 200 }, minItems: 4, maxItems: 4 },
      },
      required: ['size', 'margins'],
      additionalProperties: false,
    },
    text: { type: 'object', additionalProperties: textStyle },
    chart: {
      type: 'object',
      properties: {
        font: text,
        fontSize: { type: 'number', minimum: 4, maximum: 30 },
        titleFontSize: { type: 'number', minimum: 4, maximum: 30 },
        labelColor: color,
        titleColor: color,
        gridColor: color,
        domainColor: color,
        background: color,
        palette: { type: 'array', items: color, minItems: 1 },
        ramp: { type: 'array', items: color, minItems: 2 },
      },
      required: ['font', 'fontSize', 'titleFontSize', 'labelColor', 'titleColor', 'gridColor', 'domainColor', 'background', 'palette', 'ramp'],
      additionalProperties: false,
    },
    link: {
      type: 'object',
      description: 'How a link in running text (`[words](https://…)`) looks. A link in a run with a style of its own (`<span style>`) keeps that style\'s colour.',
      properties: { color, underline: { type: 'boolean' } },
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
        headerRuleWidth: { type: 'number', minimum: 0, maximum: 4 },
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
    leaflets: {
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
    },
    template: briefSchema.properties.template,
    theme: briefSchema.properties.theme,
    output: { not: {}, description: 'A leaflet set names its PDFs with `leaflets.name`.' },
  },
  required: ['leaflets', 'template', 'theme', 'meta', 'pages'],
} as const;

export const SCHEMAS = { brief: briefSchema, data: dataSchema, theme: themeSchema, leaflets: leafletSetSchema } as const;

/** The files under `schemas/`, by name: what `scripts/schemas.mjs` writes and a test compares. */
export function publishedSchemas(): Record<string, string> {
  return Object.fromEntries(Object.entries(SCHEMAS).map(([kind, schema]) => [`${kind}.schema.json`, JSON.stringify(schema, null, 2) + '\n']));
}
