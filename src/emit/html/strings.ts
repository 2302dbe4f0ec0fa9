// Every built-in word of the web edition, in one table, for the message catalogue of later editions.
export const STRINGS = {
  skip: 'Skip to the content',
  contents: 'Contents',
  sources: 'Sources',
  source: 'Source',
  figure: 'Figure',
  keyFigures: 'Key figures',
  keyMessage: 'Key message',
  timeline: 'Timeline',
  steps: 'Steps',
  edition: 'Edition of',
  madeWith: 'Made with Briefsmith from cited findings.',
  noSources: 'No sources are cited in this edition.',
  emptyCell: '—',
  /** The label of a citation link: "Source 3". */
  citation: (n: number | string) => `Source ${n}`,
} as const;
