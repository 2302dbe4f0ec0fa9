// Sources on the deck: the line under each slide's content ("Source: [2] China's large-model
// market…") and the numbered list the deck ends with.
import type { Slide } from './pptxgen.ts';
import type { Document, SourceEntry } from '../../types.ts';
import { citeMarker, hasCjk, keepTogether, sourceEntryText, sourceTitle } from '../common.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN } from './geometry.ts';
import { TITLE_SHAPE } from './placeholders.ts';
import { bodySizes, fitScale, type Para } from './text.ts';

const LINE_SIZES = [11, 10, 9];
/** Words kept of each title when the full titles do not fit on the line: 8, then 4, then none. */
const TITLE_WORDS = [Infinity, 8, 4, 0];

/**
 * One line under the content naming every source of the slide by number. Titles are shortened
 * (never the numbers) until the line fits: first smaller type, then fewer words of each title.
 */
export function addSourceLine(slide: Slide, ids: string[], doc: Document, ctx: DrawContext): void {
  const entries = [...new Set(ids)].map((id) => doc.sources.find((s) => s.id === id)).filter((s): s is SourceEntry => Boolean(s));
  if (!entries.length) return;
  const room = ctx.geo.source.w * PT_PER_IN * 0.95;
  for (const words of TITLE_WORDS) {
    const text = sourceLineText(entries, ctx, words);
    const size = LINE_SIZES.find((s) => ctx.m.width(text, s) <= room);
    if (size !== undefined) {
      slide.addText(keepTogether(text), { ...ctx.geo.source, fontFace: fontFace(ctx), fontSize: size, color: ctx.theme.colors.muted, italic: true, margin: 0, valign: 'middle', fit: 'none' });
      return;
    }
  }
}

function sourceLineText(entries: SourceEntry[], ctx: DrawContext, words: number): string {
  const { messages } = ctx.locale;
  const label = `${messages.sourceLabel(entries.length)}${messages.colon}`;
  if (words === 0) return `${label}${entries.map((s) => citeMarker(ctx.numbers, s.id)).join(', ')} ${messages.deck.seeSources}`;
  return `${label}${entries.map((s) => `${citeMarker(ctx.numbers, s.id)} ${shortTitle(sourceTitle(s, ctx.locale.language), words)}`).join(messages.listSeparator)}`;
}

/** The first words of a title; in Chinese, Japanese or Korean, which has no spaces, two characters count as a word. */
function shortTitle(title: string, words: number): string {
  if (hasCjk(title) && !/\s/.test(title.trim())) {
    const chars = [...title];
    return chars.length <= words * 2 ? title : `${chars.slice(0, words * 2).join('').replace(/[\s,:;.，、：；。\u2014\u2013-]+$/, '')}…`;
  }
  const parts = title.split(/\s+/);
  return parts.length <= words ? title : `${parts.slice(0, words).join(' ').replace(/[\s,:;.\u2014\u2013-]+$/, '')}…`;
}

/** The numbered sources list: as many entries a slide as fit at a body size, then "Sources (cont.)". */
export function addSourcesSlides(doc: Document, ctx: DrawContext, addSlide: () => Slide): void {
  const { theme, m, numbers, geo } = ctx;
  const t = ctx.locale.messages;
  const entries: Para[] = doc.sources.map((s) => ({ runs: [{ text: `${citeMarker(numbers, s.id)} ${sourceEntryText(s, ctx.locale)}` }], level: 0, bullet: false }));
  let rest = entries;
  let first = true;
  while (rest.length || first) {
    let n = rest.length;
    const sizes = bodySizes(theme);
    while (n > 1 && fitScale(rest.slice(0, n), geo.content, sizes, m, numbers) === undefined) n--;
    const chunk = rest.slice(0, n);
    const size = fitScale(chunk, geo.content, sizes, m, numbers) ?? sizes[sizes.length - 1];
    const slide = addSlide();
    slide.addText(first ? t.sources : t.deck.sourcesContinued, { ...geo.title, objectName: TITLE_SHAPE, fontFace: fontFace(ctx), fontSize: theme.deck.titleSize, bold: true, color: theme.colors.primary, align: 'left', valign: 'bottom', margin: 0, fit: 'none' });
    if (chunk.length) {
      slide.addText(chunk.map((p, i) => ({ text: keepTogether(p.runs[0].text), options: { breakLine: i < chunk.length - 1, paraSpaceAfter: Math.round(size * 0.35) } })), {
        ...geo.content, fontFace: fontFace(ctx), fontSize: size, color: theme.colors.text, valign: 'top', margin: 0, fit: 'none',
      });
    } else {
      slide.addText(t.deck.noSources, { ...geo.content, fontFace: fontFace(ctx), fontSize: theme.deck.bodySize, color: theme.colors.muted, valign: 'top', margin: 0, fit: 'none' });
    }
    slide.addNotes(t.deck.sourcesNotes);
    rest = rest.slice(chunk.length);
    first = false;
  }
}
