// Every built-in word of the preview page, in one table, for the message catalogue of later editions.
export const STRINGS = {
  building: (reason: string) => `Building… (${reason})`,
  ready: (time: string) => `Up to date · built ${time}`,
  failed: 'Build failed: showing the last good preview',
  problemsLead: 'The slides and pages below are from the last build that worked. Fix the problem and save: the preview follows.',
  problem: 'problem',
  problems: 'problems',
  hint: 'hint: ',
  slideLabel: (n: number, title: string) => `Slide ${n}${title ? ` · ${title}` : ''}`,
  notes: 'Speaker notes',
  noNotes: '(no notes)',
  pageLabel: (n: number, of: number) => `Page ${n} of ${of}`,
  noReport: 'The report appears here once a build has written it.',
  noSlides: 'The slides appear here once a build has planned them.',
  chart: 'Chart',
  lostConnection: 'Lost the connection to the preview server; retrying…',
} as const;
