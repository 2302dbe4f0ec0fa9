// Every word Briefsmith itself writes into an edition, in English: the report's, the deck's, the web
// edition's, the charts', the email's and the preview's. The other languages' catalogues have this
// one's type (Messages), so a key missing from one of them, or one too many, does not compile.
// Figures and dates are not here: src/format says them.

export const en = {
  /** The tag for lang attributes (the report's /Lang, the web page's lang, the deck's runs), for a bare code. */
  tag: 'en',
  /** Punctuation between parts of a line ("Source: …", "A; B"). */
  colon: ': ',
  listSeparator: '; ',
  /** Items in running text: "a, b and c". */
  listed: (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
  sentenceEnd: '.',
  /** "Chinese" for zh: a language's name in this language (undefined: ask ICU). */
  languageNames: {
    zh: 'Chinese', en: 'English', ja: 'Japanese', ko: 'Korean', de: 'German', fr: 'French', es: 'Spanish', it: 'Italian',
    pt: 'Portuguese', ru: 'Russian', ar: 'Arabic', he: 'Hebrew', hi: 'Hindi', fa: 'Persian', tr: 'Turkish', nl: 'Dutch',
  } as Record<string, string>,

  /** A logo's alt text: "Logo of Briefsmith Research". */
  logoOf: (name?: string) => (name ? `Logo of ${name}` : 'Logo of the publisher'),
  sources: 'Sources',
  source: 'Source',
  /** "Source" or "Sources" before a list of them. */
  sourceLabel: (count: number): string => (count > 1 ? 'Sources' : 'Source'),
  /** In a source's entry, the language it is written in. */
  inLanguage: (name: string) => `In ${name}`,
  /** A source's imprint: "Publisher, date". */
  imprint: (publisher: string, date: string) => `${publisher}, ${date}`,
  /** A source without a date, or without publisher and date. */
  undated: 'undated',
  noImprint: 'Publisher and date not given',
  /**
   * A source's entry: its sentences (title, imprint, language, note), each ending in a full stop, and
   * the address last and bare (a full stop after it would be copied into a browser with it).
   */
  sourceEntry: (sentences: string[], url?: string) => [...sentences.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)), url].filter(Boolean).join(' '),
  /** A title with its translation: "原题 (English title)". */
  titleWithTranslation: (title: string, translation: string) => `${title} (${translation})`,

  report: {
    contents: 'Contents',
    goToSection: (heading: string, page: string) => `${heading}, page ${page}`,
    /** What a citation link says to a screen reader. */
    citation: (n: number | undefined, title: string) => `Source ${n ?? ''}: ${title}`,
    pageOf: (page: number, of: number) => `Page ${page} of ${of}`,
    figureCaption: (n: number) => `Figure ${n}. `,
    tableCaption: (n: number) => `Table ${n}. `,
    keyFigures: 'Key figures',
    keyFigureColumns: ['Figure', 'Value'],
    timelineColumns: ['When', 'What happened'],
    flowColumns: ['Step', 'What it involves'],
  },

  deck: {
    /** A slide that goes on from the one before. */
    continued: (title: string) => `${title} (cont.)`,
    titleNotes: (title: string, subtitle: string | undefined, date: string) => `${title}. ${subtitle ?? ''} Edition of ${date}.`,
    chapterNotes: (n: number, title: string, covers: string[]) => `Chapter ${n}: ${title}.${covers.length ? ` It covers ${covers.join('; ')}.` : ''}`,
    defaultNotes: (title: string) => `${title}: walk through the points on the slide.`,
    /** A continuation's talk track: what this slide adds. */
    continuedNotes: (title: string, points: string[]) => `Still on "${title}".${points.length ? ` This slide adds ${en.listed(points)}.` : ''}`,
    seeSources: '(see Sources at the end)',
    sourcesContinued: 'Sources (cont.)',
    noSources: 'No sources are cited in this edition.',
    sourcesNotes: 'Every figure in this briefing cites one of these sources by its number.',
    /** A table's description for screen readers. */
    tableDescription: (columns: string[], rows: number) => `Table with the columns ${columns.join(', ')}; ${rows} ${rows === 1 ? 'row' : 'rows'}.`,
  },

  diff: {
    title: (date: string) => `What changed since ${date}`,
    columns: ['Figure', 'Before', 'Now', 'Source'],
    added: 'new',
    removed: 'removed',
    kinds: { changed: 'changed', added: 'added', removed: 'removed' },
    count: (n: number, kind: 'changed' | 'added' | 'removed') => `${n} ${n === 1 ? 'figure' : 'figures'} ${kind}`,
    notes: (date: string, counts: string[]) => `Since the edition of ${date}: ${counts.join(', ')}. Read the changed figures first; each row names its source.`,

    /** The table's caption under the section's title (which says since when): how many figures moved. */
    caption: (counts: string[]) => counts.join(', '),
  },

  chart: {
    projected: 'Projected',
    /** The rest of a whole in a round chart. */
    other: 'Other',
    /** A series whose every point is projected: "2030 (projected)". */
    projectedName: (name: string) => `${name} (projected)`,
    /** A name that already says it is a projection. */
    saysProjected: /project|forecast|estimat|outlook|target/i,
    /** A derived point's mark after its label: " (implied)". */
    derivedMark: (kind: 'derived' | 'implied') => ` (${kind})`,
    /** The native chart's legend line for hatched marks. */
    hatchedKey: 'Hatched: projected',
    /** A chart's title with the period all its figures cover. */
    titleWithPeriod: (title: string, when: string) => `${title}, ${when}`,
    /** A chart's note on converted currencies. */
    converted: (target: string, rates: string[]) => `Converted to ${target} at ${rates.join(' and ')}.`,
    /** The native chart's data sheet: the categories' column, and the name of an unnamed series or share. */
    category: 'Category',
    series: 'Series',
    share: 'Share',
    /** A range's end's column in the data sheet: "Revenue (low)". */
    rangeEnd: (name: string, end: 'low' | 'high') => `${name} (${end})`,
    /** A legend entry of a round chart: "Vertical: 72% (projected)". */
    legendEntry: (label: string, value: string, projected: boolean) => `${label}: ${value}${projected ? ' (projected)' : ''}`,
    types: {
      bar: 'Bar chart', horizontalBar: 'Horizontal bar chart', stackedBar: 'Stacked bar chart',
      line: 'Line chart', pie: 'Pie chart', doughnut: 'Doughnut chart', bar100: '100% bar', numbers: 'Key figures',
    } as Record<string, string>,
    /** Alt text: "Bar chart: Title." */
    altHead: (type: string, title: string) => `${type}: ${title}.`,
    /** A value in a year: "CNY 113 billion in 2024"; projected: "… projected for 2027". */
    altInTime: (value: string, when: string, projected: boolean) => (projected ? `${value} projected for ${when}` : `${value} in ${when}`),
    altPoint: (label: string, value: string, projected: boolean) => `${label} ${value}${projected ? ' (projected)' : ''}`,
    /** Points in time, first to last, and which way they go. */
    altTrend: (verb: 'rises' | 'falls' | undefined, first: string, middle: string[], last: string): string =>
      (verb ? `${verb} from ${first}${middle.length ? ` through ${middle.join(', ')}` : ''} to ${last}` : `${[first, ...middle].join(', ')} to ${last}`),
    altList: (points: string[]) => points.join(', '),
    altSummary: (count: number, verb: 'rises' | 'falls' | undefined, first: string, last: string, extremes: string[]) =>
      `${count} values ${verb ? `that ${verb.replace(/s$/, '')} ` : ''}from ${first} to ${last}${extremes.length ? `; ${extremes.join(', ')}` : ''}`,
    altHighest: (point: string) => `highest ${point}`,
    altLowest: (point: string) => `lowest ${point}`,
    /** Between series in alt text, and between its head and body. */
    seriesSeparator: '; ',
    sentenceGap: ' ',
    altSeries: (name: string, text: string) => `${name}: ${text}`,
    altBody: (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`,
    /** Where a label says it is projected: "2027 (projected)". */
    projectedLabel: /\s*\(projected\)\s*/i,
  },

  html: {
    skip: 'Skip to the content',
    keyFigures: 'Key figures',
    keyMessage: 'Key message',
    timeline: 'Timeline',
    steps: 'Steps',
    edition: (date: string) => `Edition of ${date}`,
    madeWith: 'Made with Briefsmith from cited findings.',
    noSources: 'No sources are cited in this edition.',
    /** The label of a citation link: "Source 3". */
    citation: (n: number | string) => `Source ${n}`,
    figure: (n: number) => `Figure ${n}.`,
  },

  email: {
    subject: (title: string, date: string) => `${title} (${date})`,
    greeting: (name?: string): string => (name ? `Dear ${name},` : 'Hello,'),
    attached: (date: string, title: string, files: string) => `The ${date} edition of "${title}" is attached${files ? `: ${files}` : ''}.`,
    headlines: 'Headline figures',
    changes: 'What changed since the last edition',
    sourced: 'Every figure in the report names its source.',
    sentBy: 'Sent by Briefsmith',
  },

  preview: {
    building: (reason: string) => `Building… (${reason})`,
    ready: (time: string) => `Up to date · built ${time}`,
    failed: 'Build failed: showing the last good preview',
    problemsLead: 'The slides and pages below are from the last build that worked. Fix the problem and save: the preview follows.',
    hint: 'hint: ',
    slideLabel: (n: number, title: string) => `Slide ${n}${title ? ` · ${title}` : ''}`,
    notes: 'Speaker notes',
    noNotes: '(no notes)',
    pageLabel: (n: number, of: number) => `Page ${n} of ${of}`,
    noReport: 'The report appears here once a build has written it.',
    noSlides: 'The slides appear here once a build has planned them.',
    chart: 'Chart',
    lostConnection: 'Lost the connection to the preview server; retrying…',
    /** The page's own labels. */
    name: 'Briefsmith preview',
    slides: 'Slides',
    report: 'Report',
    whatToShow: 'What to show',
    builtFiles: 'Built files',
    keys: '← → move · S slides · R report',
    problemsTitle: 'The last build failed',
  },
};

export type Messages = typeof en;
