// Big numbers beside a chart: one or two number tiles, or a numbers chart of one or two values, that
// follow a chart in a section go in the text column beside it, under the text (layout.ts decides
// whether they fit there), instead of on a nearly empty slide of their own.
import type { Block } from '../../types.ts';
import { planChart, projectedCategory } from '../../charts/plan.ts';
import type { DrawContext } from './context.ts';

type Tiles = Extract<Block, { kind: 'tiles' }>;

/** Big numbers that may go in the text column beside a chart: their title, tiles and sources. */
export interface Companion { title?: string; tiles: Tiles; sources: string[] }

/** Most numbers a companion holds: more would not sit in a column beside a chart. */
const COMPANION_MAX = 2;

/**
 * A visual small enough to go beside the chart before it, under the text: one or two number tiles,
 * or a numbers chart of one or two values (drawn as tiles, under its title). Alone on a slide of its
 * own, such a visual left the slide nearly empty.
 */
export function companionOf(visual: Block, ctx: DrawContext): Companion | undefined {
  if (visual.kind === 'tiles') return visual.tiles.length <= COMPANION_MAX ? { tiles: visual, sources: visual.tiles.map((t) => t.source) } : undefined;
  if (visual.kind !== 'chart') return undefined;
  const spec = ctx.charts[visual.chartId];
  if (spec?.type !== 'numbers' || spec.series.length !== 1) return undefined;
  const plan = planChart(spec);
  const points = plan.series[0]?.points ?? [];
  if (!points.length || points.length > COMPANION_MAX) return undefined;
  const source = spec.sources[0] ?? '';
  const tiles = points.map((p, i) => ({
    value: p.label, label: projectedCategory(plan, plan.categories[i] ?? '', p.projected), source, figureId: spec.series[0].figures[i] ?? '',
  }));
  return { title: spec.title, tiles: { kind: 'tiles', tiles }, sources: spec.sources };
}
