// Where citation markers stand in a paragraph. A figure's marker moves to the end of the claim it
// supports, so it never splits a number from its words ("in 3 [1] batches"); a marker the template
// placed with {{cite}} stays where it is, before any punctuation it was put after. Each source is
// cited once per paragraph, at its last place: the marker then covers everything before it.
import type { Run } from '../types.ts';

/** A run as the parser collects it: a citation is a run of its own, with no text. */
export interface DraftRun extends Run {
  /** A figure's citation, free to move to the end of its claim. */
  floats?: boolean;
}

/**
 * Where a claim ends: sentence or clause punctuation followed by a space or the end of the text, or
 * a full-width mark (Chinese sets none after it): "安装工人[1]。", not "安装工人。[1]".
 */
const CLAIM_END = /[.;:!?](?=\s|$)|[。；：！？]/g;
/** Punctuation a {{cite}} may have been written after: the marker goes before it. */
const TRAILING_PUNCTUATION = /[.,;:!?。，、；：！？]$/;

interface Placed { pos: number; source: string; order: number }

export function placeCitations(draft: DraftRun[]): Run[] {
  const text = draft.map((r) => r.text).join('');
  const placed: Placed[] = [];
  let offset = 0;
  draft.forEach((run, order) => {
    if (run.text) offset += run.text.length;
    if (!run.cite) return;
    placed.push({ pos: run.floats ? claimEnd(text, offset) : beforePunctuation(text, offset), source: run.cite, order });
  });
  // One marker per source: its last place in the paragraph.
  const last = new Map<string, Placed>();
  for (const p of placed) if (!last.has(p.source) || last.get(p.source)!.pos <= p.pos) last.set(p.source, p);
  const markers = [...last.values()].sort((a, b) => a.pos - b.pos || a.order - b.order);
  return rebuild(draft, markers);
}

/** The end of the claim that starts before `pos`: the next clause punctuation, or the end of the text. */
function claimEnd(text: string, pos: number): number {
  CLAIM_END.lastIndex = pos;
  const match = CLAIM_END.exec(text);
  const end = text.trimEnd().length;
  return match ? match.index : Math.max(pos, end);
}

/** A fixed marker's place: before the spaces and the one punctuation mark it follows. */
function beforePunctuation(text: string, pos: number): number {
  let at = pos;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  if (TRAILING_PUNCTUATION.test(text.slice(0, at))) at--;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  return at;
}

/** The runs again, cut where markers now stand; each marker rides on the run that ends there. */
function rebuild(draft: DraftRun[], markers: Placed[]): Run[] {
  const out: Run[] = [];
  let offset = 0;
  let next = 0;
  const push = (text: string, style: Pick<Run, 'bold' | 'italic'>) => {
    const prev = out[out.length - 1];
    if (prev && !prev.cite && prev.bold === style.bold && prev.italic === style.italic) prev.text += text;
    else out.push({ text, ...style });
  };
  const attach = (source: string) => {
    const prev = out[out.length - 1];
    if (prev && prev.text && !prev.cite) prev.cite = source;
    else out.push({ text: '', cite: source });
  };
  for (const run of draft) {
    if (!run.text) continue;
    const style = { ...(run.bold ? { bold: true } : {}), ...(run.italic ? { italic: true } : {}) };
    let start = 0;
    while (next < markers.length && markers[next].pos <= offset + run.text.length) {
      const cut = markers[next].pos - offset;
      if (cut > start) push(run.text.slice(start, cut), style);
      start = Math.max(start, cut);
      attach(markers[next].source);
      next++;
    }
    if (start < run.text.length) push(run.text.slice(start), style);
    offset += run.text.length;
  }
  while (next < markers.length) attach(markers[next++].source);
  return out;
}
