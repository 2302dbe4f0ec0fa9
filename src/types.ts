// The types that pass between the stages of the pipeline (see docs/ARCHITECTURE.md):
//   load → SourceFile[] → validate → Findings → compose → Document
//   charts → ChartImage[] → emit → Artifact[] → write → out/
// A stage imports only the types on its two sides.

import type { Location } from './errors.ts';

// ---------- load ----------

/** Where something stands in a file a user wrote (1-based). */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Where a value stands in a data file: line and column in a text file, or sheet and cell in a spreadsheet. */
export type SourcePosition = Location & { file: string };

/** One data file, parsed, with a way back to the line/column of any value in it. */
export interface SourceFile {
  /** Path as the user would recognise it (relative to the working directory). */
  path: string;
  /** The parsed plain value (objects, arrays, strings, numbers, booleans, null). */
  value: unknown;
  /** Position of the value at a key path, e.g. ["figures", 3, "unit"] (of its key, with 'key'); the nearest parent when absent. */
  positionOf(path: ReadonlyArray<string | number>, of?: 'key'): SourcePosition;
  /** A trap of the file's syntax that explains a problem at this path (YAML: a comma inside { … }), as a hint. */
  trapAt?(path: ReadonlyArray<string | number>): string | undefined;
  /** SHA-256 of the raw bytes: feeds the manifest and the chart cache. */
  hash: string;
}

// ---------- validate → Findings ----------

export type Scale = 'thousand' | 'million' | 'billion' | 'trillion';
export type Qualifier = 'over' | 'below' | 'about' | 'at least' | 'up to' | 'nearly';

/** A registry entry describing one source document. */
export interface SourceEntry {
  id: string;
  title: string;
  /** English title when the source is in another language. */
  titleEn?: string;
  /** The title in the edition's language, when the source is in another one (from the data's translations). */
  titleTranslated?: string;
  publisher?: string;
  /** ISO date (YYYY-MM-DD or YYYY-MM or YYYY) where known. */
  date?: string;
  language: string;
  note?: string;
  url?: string;
  /** The seed documents this source was read from (two when it was published twice). */
  files?: string[];
}

/** One figure with everything needed to say it correctly. */
export interface Figure {
  id: string;
  label: string;
  /** A single value, or a range [low, high]; exactly one is set. */
  value?: number;
  range?: [number, number];
  /**
   * "tens of millions to hundreds of millions": an order-of-magnitude range.
   * With magnitude set, range holds the orders (e.g. [1e7, 1e8]) in base units.
   */
  magnitude?: boolean;
  unit: string;
  /**
   * The unit as the edition's language says it, where that is not the unit itself: "块GPU" for
   * "GPUs" in a Chinese edition (from the data's translations; see src/i18n). `unit` stays the unit
   * the figures are checked and charted by.
   */
  unitName?: string;
  scale?: Scale;
  currency?: string;
  qualifier?: Qualifier;
  /** What the figure covers, e.g. "2022–2027", "Jan–Jul 2024". */
  period?: string;
  /** When the figure was stated or measured (ISO date). */
  asOf?: string;
  /** The year or date a projection is for (ISO). */
  projectedFor?: string;
  projection?: boolean;
  region?: string;
  source: string;
  note?: string;
  /** Shares (unit "%") of one whole name it here; validation checks they sum to at most 100%. */
  whole?: string;
  /** A rate per year (a compound annual growth rate): "falls about 13% a year". */
  perYear?: boolean;
  /** Set on figures computed by code from other figures. */
  derived?: { kind: 'derived' | 'implied'; formula: string; inputs: string[] };
  /** Chinese original wording, for a later Chinese edition. */
  zh?: string;
}

/** A named list of non-numeric facts: milestones, layers, pain points, trends… */
export interface Collection {
  id: string;
  title: string;
  sources: string[];
  /** For tables: the columns, keyed into each item's fields. */
  columns?: { key: string; label: string }[];
  items: CollectionItem[];
  note?: string;
}

export interface CollectionItem {
  title: string;
  text?: string;
  /** For timelines: the period or date label. */
  when?: string;
  /** Extra named fields (table cells, sub-lists). */
  fields?: Record<string, string>;
  /** Chinese original wording, for a later Chinese edition. */
  zh?: string;
  source?: string;
}

/** bar100: one bar split into shares of 100%; numbers: each value as a big number beside its label. */
export type ChartType = 'bar' | 'horizontalBar' | 'line' | 'pie' | 'doughnut' | 'stackedBar' | 'bar100' | 'numbers';

/** A chart declared in data; values are resolved from figures by validate. */
export interface ChartSpec {
  id: string;
  type: ChartType;
  title: string;
  /** Unit of the value axis, as shown on the chart ("CNY billion", "%"). */
  unit: string;
  labels: string[];
  /**
   * One entry per label. A value is a number, or [low, high] for a range (drawn as a floating bar).
   * projected[i] marks projections (drawn lighter); derived figures are allowed as inputs.
   */
  series: {
    name: string; figures: string[]; values: (number | [number, number])[]; projected?: boolean[];
    /** The figures' qualifiers ("over", "about"), so labels and alt text say "over 950", not "950". */
    qualifiers?: (Qualifier | undefined)[];
    /** Points computed from other figures, marked as such wherever they are drawn. */
    derived?: ('derived' | 'implied' | undefined)[];
  }[];
  sources: string[];
  note?: string;
  /** The unit every value is in (after conversion to one currency and one scale), for labels and alt text. */
  measure?: { unit: string; unitName?: string; scale?: Scale; currency?: string };
  /** The language the chart's words and numbers are in (the edition's); English when absent. */
  language?: string;
  /** Every value is a share (%) of a whole: the axis runs to 100%, and a pie shows what the parts leave. */
  share?: boolean;
}

export interface Edition {
  title: string;
  subtitle?: string;
  /** ISO date of this edition: the date printed everywhere and stamped into the files. */
  date: string;
  publisher?: string;
  author?: string;
  /** The language of this edition (of the data's text, in the Findings validate returns). */
  language: string;
  /**
   * The languages the edition is built in (edition.languages, or [language]): the first into out/,
   * each other into out/<language>/.
   */
  languages?: string[];
  /** The language the data's plain texts and story.hbs are in, when this edition is in another. */
  dataLanguage?: string;
  keywords?: string[];
  /** Figure ids shown as the headline figures (title tiles, cover, email). */
  headlines?: string[];
  /** Parameters the templates read as {{params.name}}: the defaults each variant may override. */
  params?: Record<string, ParamValue>;
}

export type ParamValue = string | number | boolean;

/**
 * One edition for one group of readers: its own title, parameters for the templates, the chapters and
 * slides it keeps, the collections it shows and which of their items (see compose/variant.ts).
 */
export interface Variant {
  id: string;
  title?: string;
  subtitle?: string;
  params: Record<string, ParamValue>;
  headlines?: string[];
  /** Chapter or slide ids (or titles) to keep; all when absent. */
  sections?: string[];
  /** Collections whose blocks are shown; all when absent. */
  collections?: string[];
  /** Per filtered collection, the positions of the items the variant's filter keeps (resolved by validate). */
  keepItems?: Record<string, number[]>;
  /** Where the variant and each of its sections entries stand in the data, for problems found in compose. */
  origin: SourcePosition;
  sectionsAt?: SourcePosition[];
}

/** Headline figures the report's cover shows; validation warns about any beyond. */
export const COVER_HEADLINES = 6;

/** Something in the data that builds but will not show as the user may expect: file, line and a hint. */
export interface Warning {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  hint?: string;
}

export interface Findings {
  /** What builds but may not show as meant (printed by the build; never an error). */
  warnings?: Warning[];
  edition: Edition;
  sources: Record<string, SourceEntry>;
  figures: Record<string, Figure>;
  collections: Record<string, Collection>;
  charts: Record<string, ChartSpec>;
  /** The variants the data declares, by id (none or absent: one edition for everyone). */
  variants?: Record<string, Variant>;
  /**
   * The findings in each language of edition.languages, every text in that language (see
   * findingsIn); absent when the edition has one language, the data's own.
   */
  languages?: Record<string, Findings>;
}

// ---------- compose → Document ----------

/** A run of text. Text is literal: never markup, never escaped. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Citation marker: the source id this run cites (rendered as [n] linking to the sources list). */
  cite?: string;
}

export type Audience = 'both' | 'deck' | 'report';

/** One point of a list: bulleted, or numbered where `number` is set (its number in its list, counted on across slides). */
export interface ListItem {
  runs: Run[];
  /** 0 = top level. */
  level: number;
  number?: number;
}

export type Block =
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'bullets'; items: ListItem[] }
  | { kind: 'chart'; chartId: string }
  /**
   * A collection as a table ({{table "id"}}), or a pipe table written in the template (no collection,
   * no title; its cells' figures come through helpers). `align`: each column's, as the template says.
   */
  | { kind: 'table'; collectionId?: string; title?: string; columns: string[]; rows: Run[][][]; sources: string[]; align?: CellAlign[] }
  /** A picture from the templates folder, with the alt text the template gives it; `caption`: its Markdown title. */
  | { kind: 'image'; image: ImageFile; alt: string; caption?: string }
  /** A key message, drawn prominently ({{#callout}}…{{/callout}}; `title`: its optional heading). */
  | { kind: 'callout'; title?: string; paragraphs: Run[][] }
  /** Headline figures drawn as large number tiles. */
  | { kind: 'tiles'; tiles: Tile[] }
  /** title: the collection's, for the report's table caption. */
  | { kind: 'timeline'; collectionId: string; title?: string; items: { when: string; text: string }[]; sources: string[] }
  /** Steps joined by arrows; with `cards`, items side by side in no order (no arrows; a list in the report). */
  | { kind: 'flow'; collectionId: string; steps: { title: string; text: string }[]; sources: string[]; cards?: boolean; title?: string };

export type CellAlign = 'left' | 'center' | 'right' | undefined;

/** A picture file from the templates folder (a story's image, the theme's logo), read and checked by src/images.ts. */
export interface ImageFile {
  /** The path as written (in the template or theme.json), relative to the templates folder. */
  src: string;
  format: 'png' | 'jpeg' | 'svg';
  bytes: Buffer;
  /** Its size in pixels (an SVG's at 96 per inch): the aspect ratio every output keeps. */
  width: number;
  height: number;
  /** SHA-256 of the bytes. */
  hash: string;
}

/** A figure as a number tile (deck tiles, report cover and key figures): nothing of it dropped. */
export interface Tile {
  /** The short form, for the large number: "CNY 113 bn", "over 2,200 GWh". */
  value: string;
  /** What it counts, with its context: "large-model application market (2027, projected)". */
  label: string;
  source: string;
  figureId: string;
  /** The long form with its context, where there is room: "CNY 113 billion (2027, projected)". */
  long?: string;
  /** What it counts, alone: "large-model application market in 2027". */
  name?: string;
}

export type AudienceBlock = Block & { audience: Audience };

export interface Section {
  /** Stable id (slug of the title, unique in the document): anchors, bookmarks, tests. */
  id: string;
  /** 1: a chapter (a divider slide; a numbered section). 2: a slide; a sub-section. */
  level: 1 | 2;
  title: string;
  blocks: AudienceBlock[];
  /** Speaker notes for the deck: the talk track. */
  notes: Run[][];
  /** Every source cited in this section, in order of first use. */
  sources: string[];
  audience: Audience;
  /** Where the heading stands in its template, for error messages. */
  origin: Position;
}

export interface Document {
  edition: Edition;
  sections: Section[];
  /** The sources list both outputs end with: cited sources in order of first citation. */
  sources: SourceEntry[];
  charts: Record<string, ChartSpec>;
  /** The edition's headline figures (edition.headlines), for the report cover. */
  headlines?: Tile[];
  /** The theme's logo (theme.json "logo"), read from the templates folder: title slide, footer, report cover. */
  logo?: ImageFile;
}

// ---------- charts ----------

export interface ChartImage {
  id: string;
  /**
   * The opaque RGB PNG. It may still be rendering (on the chart worker) when the emitters start: they
   * lay the chart out at its known size and embed the pixels when they arrive.
   */
  png: Promise<Buffer>;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** Alt text generated from the chart's data. */
  alt: string;
  /** Cache key: hash of everything that changes the pixels. */
  hash: string;
}

// ---------- emit → write ----------

export interface Artifact {
  /** File name under out/, e.g. "briefing.pptx". */
  name: string;
  /**
   * The file's bytes in the pieces the emitter made them, joined only on disk: one buffer would be a
   * second copy of each output at the build's peak (~19 MiB more for the x10 workload).
   */
  chunks: Buffer[];
  /** Slides of a deck, pages of a report: for the one-line summary of a build. */
  pages?: number;
}
