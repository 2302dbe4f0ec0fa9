// What the image chart draws over Chart.js's bars, lines and slices, from the chart's plan: the data
// labels (on a knock-out, so no gridline strikes them), a range's whisker from its low to its high
// end, the dashed outline of a derived point, the fading end of a bound, labels outside small
// slices, and the big numbers of a "numbers" chart.
import type { Chart, Plugin } from 'chart.js';

type Ctx = Chart['ctx'];
import { isLight } from './colors.ts';
import { projectedCategory, type ChartPlan, type PointPlan } from './plan.ts';

/** How the marks are drawn: colours and the fonts' CSS. */
export interface MarkStyle {
  font: string;
  fontSize: number;
  text: string;
  background: string;
  /** Fill and stroke colour of each point, to choose readable label and whisker colours. */
  fillOf(si: number, i: number): string;
  strokeOf(si: number, i: number): string;
  /** Width of text in the font (bold unless said). */
  measure(text: string, font?: string): number;
}

/** Gaps between a mark and its label, in pixels at the theme's chart size. */
export const LABEL_GAP = 12;

interface Rect { x: number; y: number; w: number; h: number }

/**
 * Labels placed so far: a label that would overlap one is moved along `dy` (or `dx`) until it does
 * not, so that close values (four lines a few units apart, two thin slices) stay readable.
 */
class Placer {
  private readonly placed: Rect[] = [];
  place(r: Rect, dx: number, dy: number): Rect {
    let at = r;
    for (let n = 0; n < 200 && this.placed.some((o) => overlaps(o, at)); n++) at = { ...at, x: at.x + dx, y: at.y + dy };
    this.placed.push(at);
    return at;
  }
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A label's lines: one, or broken at spaces to the width it has ("about 600" over "(derived)"). */
export function labelLines(text: string, room: number, measure: (t: string) => number): string[] {
  if (measure(text) <= room || !text.includes(' ')) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > room) { lines.push(line); line = word; } else line = next;
  }
  return line ? [...lines, line] : lines;
}

interface BarGeometry { x: number; y: number; base: number; width: number; height: number; horizontal: boolean }
interface ArcGeometry { x: number; y: number; startAngle: number; endAngle: number; innerRadius: number; outerRadius: number }

export function marksPlugin(plan: ChartPlan, style: MarkStyle): Plugin {
  return {
    id: 'briefsmithMarks',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      if (plan.type === 'numbers') drawNumbers(chart, plan, style);
      else if (plan.type === 'pie' || plan.type === 'doughnut') drawSliceLabels(chart, plan, style);
      else if (plan.type === 'bar100') drawPartLabels(chart, plan, style);
      else drawPointMarks(chart, plan, style);
      ctx.restore();
    },
  };
}

/** Bars and lines: a bound's fade, a derived point's outline, a range's whisker, then every label. */
function drawPointMarks(chart: Chart, plan: ChartPlan, style: MarkStyle): void {
  const ctx = chart.ctx;
  const horizontal = plan.type === 'horizontalBar';
  const stacked = plan.type === 'stackedBar';
  const line = plan.type === 'line';
  const labels: (() => void)[] = [];
  const placer = new Placer();
  plan.series.forEach((s, si) => {
    chart.getDatasetMeta(si).data.forEach((el, i) => {
      const p = s.points[i];
      if (!p) return;
      const g = el as unknown as BarGeometry;
      if (!line) {
        const box = barBox(g, horizontal);
        if (p.bound) fadeEnd(ctx, box, g, horizontal, style.background, p.at < 0);
        if (p.derived) dashedOutline(ctx, box, style.strokeOf(si, i));
      }
      if (p.range) whisker(chart, p, g, horizontal, line ? style.strokeOf(si, i) : contrast(style.fillOf(si, i), style), line ? 18 : Math.min(g.width || g.height, 60) * 0.5);
      // The top segment of a stack that is too thin for its label has it above the stack.
      const onTop = stacked && p.at > 0 && plan.series.slice(si + 1).every((later) => (later.points[i]?.at ?? 0) <= 0);
      labels.push(() => (stacked && !(onTop && !fitsInside(p, g, style))
        ? stackLabel(chart, p, g, style, style.fillOf(si, i), placer)
        : endLabel(chart, p, g, horizontal, line, style, plan.share, placer)));
    });
  });
  // Labels last, so that no mark of a later series covers one.
  for (const draw of labels) draw();
}

/** The rectangle of a bar, whichever way it points. */
function barBox(g: BarGeometry, horizontal: boolean): { x: number; y: number; w: number; h: number } {
  return horizontal
    ? { x: Math.min(g.x, g.base), y: g.y - g.height / 2, w: Math.abs(g.x - g.base), h: g.height }
    : { x: g.x - g.width / 2, y: Math.min(g.y, g.base), w: g.width, h: Math.abs(g.base - g.y) };
}

/** The last third of a bound's bar fades into the background: the true value lies beyond (or short of) its end. */
function fadeEnd(ctx: Ctx, box: { x: number; y: number; w: number; h: number }, g: BarGeometry, horizontal: boolean, background: string, negative: boolean): void {
  const length = horizontal ? box.w : box.h;
  const fade = length / 3;
  const end = horizontal ? g.x : g.y;
  const towardsEnd = horizontal ? (negative ? -1 : 1) : (negative ? 1 : -1);
  const start = end - towardsEnd * fade;
  const gradient = horizontal ? ctx.createLinearGradient(start, 0, end, 0) : ctx.createLinearGradient(0, start, 0, end);
  gradient.addColorStop(0, rgba(background, 0));
  gradient.addColorStop(1, rgba(background, 0.75));
  ctx.fillStyle = gradient;
  if (horizontal) ctx.fillRect(Math.min(start, end), box.y, fade, box.h);
  else ctx.fillRect(box.x, Math.min(start, end), box.w, fade);
}

function dashedOutline(ctx: Ctx, box: { x: number; y: number; w: number; h: number }, color: string): void {
  ctx.save();
  ctx.setLineDash([12, 8]);
  ctx.lineWidth = 4;
  ctx.strokeStyle = color;
  ctx.strokeRect(box.x + 2, box.y + 2, Math.max(0, box.w - 4), Math.max(0, box.h - 4));
  ctx.restore();
}

/** An I-beam from a range's low to its high end, across the bar's middle (or through a line's point). */
function whisker(chart: Chart, p: PointPlan, g: BarGeometry, horizontal: boolean, color: string, cap: number): void {
  const ctx = chart.ctx;
  const scale = chart.scales[horizontal ? 'x' : 'y'];
  const [low, high] = p.range!.map((v) => scale.getPixelForValue(v));
  const across = horizontal ? g.y : g.x;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 5;
  ctx.beginPath();
  const line = (a: number, b: number, c: number, d: number) => {
    if (horizontal) { ctx.moveTo(a, b); ctx.lineTo(c, d); } else { ctx.moveTo(b, a); ctx.lineTo(d, c); }
  };
  line(low, across, high, across);
  line(low, across - cap / 2, low, across + cap / 2);
  line(high, across - cap / 2, high, across + cap / 2);
  ctx.stroke();
  ctx.restore();
}

/**
 * A label past the end of its bar (or above its point), on a knock-out, broken into lines to the
 * bar's width; inside the bar where the axis ends (shares near 100%); moved clear of labels placed.
 */
function endLabel(chart: Chart, p: PointPlan, g: BarGeometry, horizontal: boolean, line: boolean, style: MarkStyle, share: boolean, placer: Placer): void {
  const ctx = chart.ctx;
  ctx.font = style.font;
  const lineH = style.fontSize * 1.15;
  const area = chart.chartArea;
  const negative = p.at < 0;
  if (horizontal) {
    const width = style.measure(p.label);
    const outside = negative ? g.x - LABEL_GAP - width : g.x + LABEL_GAP;
    const inside = share && outside + width > area.right;
    const x = inside ? g.x - LABEL_GAP - width : outside;
    const at = placer.place({ x, y: g.y - lineH / 2, w: width, h: lineH }, 0, lineH / 4);
    knockout(ctx, at.x, at.y, width, lineH, inside ? undefined : style.background);
    ctx.fillStyle = inside ? '#FFFFFF' : style.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(p.label, at.x, at.y + lineH / 2);
    return;
  }
  const lines = labelLines(p.label, line ? style.fontSize * 8 : Math.max(g.width * 1.15, style.fontSize * 3), (t) => style.measure(t));
  const width = Math.max(...lines.map((t) => style.measure(t)));
  const height = lineH * lines.length;
  const gap = line ? 22 : LABEL_GAP;
  const down = negative && !line;
  const top = down ? g.y + gap : g.y - gap - height;
  const inside = share && top < area.top;
  const wanted = { x: g.x - width / 2, y: inside ? g.y + gap : top, w: width, h: height };
  const at = placer.place(wanted, 0, (down || inside ? 1 : -1) * lineH / 4);
  knockout(ctx, at.x, at.y, width, height, inside ? undefined : style.background);
  ctx.fillStyle = inside ? '#FFFFFF' : style.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  lines.forEach((t, n) => ctx.fillText(t, at.x + width / 2, at.y + n * lineH + style.fontSize * 0.08));
}

/** A stacked segment that holds its label. */
function fitsInside(p: PointPlan, g: BarGeometry, style: MarkStyle): boolean {
  return Math.abs(g.base - g.y) >= style.fontSize * 1.3 && style.measure(p.label) + 12 <= g.width;
}

/** A segment's label in its middle when it fits, else beside the stack (moved clear of others). */
function stackLabel(chart: Chart, p: PointPlan, g: BarGeometry, style: MarkStyle, fill: string, placer: Placer): void {
  const ctx = chart.ctx;
  ctx.font = style.font;
  const width = style.measure(p.label);
  const middle = (g.y + g.base) / 2;
  const h = style.fontSize * 1.2;
  ctx.textBaseline = 'middle';
  if (fitsInside(p, g, style)) {
    // A plain patch under the number, so that a projection's stripes do not cut through it.
    if (p.projected) knockout(ctx, g.x - width / 2, middle - h / 2, width, h, fill);
    ctx.fillStyle = contrast(fill, style);
    ctx.textAlign = 'center';
    ctx.fillText(p.label, g.x, middle);
    return;
  }
  // Beside the stack, on its right unless that runs off the chart.
  const x = g.x + g.width / 2 + 8 + width <= chart.width - 4 ? g.x + g.width / 2 + 8 : g.x - g.width / 2 - 8 - width;
  const at = placer.place({ x, y: middle - h / 2, w: width, h }, 0, -h / 4);
  knockout(ctx, at.x, at.y, width, h, style.background);
  ctx.fillStyle = style.text;
  ctx.textAlign = 'left';
  ctx.fillText(p.label, at.x, at.y + h / 2);
}

/** A slice's label inside it when it fits within the slice, else outside with a leader line, clear of the others. */
function drawSliceLabels(chart: Chart, plan: ChartPlan, style: MarkStyle): void {
  const ctx = chart.ctx;
  ctx.font = style.font;
  const placer = new Placer();
  const h = style.fontSize * 1.2;
  chart.getDatasetMeta(0).data.forEach((el, i) => {
    const p = plan.series[0]?.points[i];
    if (!p) return;
    const a = el as unknown as ArcGeometry;
    const mid = (a.startAngle + a.endAngle) / 2;
    const width = style.measure(p.label);
    const ring = a.innerRadius > 0 ? (a.innerRadius + a.outerRadius) / 2 : a.outerRadius * 0.62;
    const [cx, cy] = [a.x + Math.cos(mid) * ring, a.y + Math.sin(mid) * ring];
    // Inside only when the label's box lies within the ring and along the arc.
    const corners = [[-1, -1], [1, -1], [-1, 1], [1, 1]].map(([sx, sy]) => Math.hypot(cx + (sx * width) / 2 - a.x, cy + (sy * h) / 2 - a.y));
    const fits = (a.endAngle - a.startAngle) * ring >= width + 16 && Math.max(...corners) <= a.outerRadius - 6 && Math.min(...corners) >= a.innerRadius + 6;
    ctx.textBaseline = 'middle';
    if (fits) {
      ctx.fillStyle = contrast(style.fillOf(0, i), style);
      ctx.textAlign = 'center';
      ctx.fillText(p.label, cx, cy);
      return;
    }
    const right = Math.cos(mid) >= 0;
    const [ex, ey] = [a.x + Math.cos(mid) * a.outerRadius, a.y + Math.sin(mid) * a.outerRadius];
    const [lx, ly] = [a.x + Math.cos(mid) * (a.outerRadius + 30), a.y + Math.sin(mid) * (a.outerRadius + 30)];
    const wanted = { x: right ? lx + 8 : lx - 8 - width, y: ly - h / 2, w: width, h };
    // Clear of the labels placed: along the side of the pie, or outwards at its top and bottom.
    const steep = Math.abs(Math.sin(mid)) > 0.7;
    const at = placer.place(wanted, steep ? (right ? h / 4 : -h / 4) : 0, steep ? 0 : Math.sin(mid) >= 0 ? h / 4 : -h / 4);
    ctx.strokeStyle = style.strokeOf(0, i);
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(ex, ey);
    ctx.lineTo(lx, ly);
    ctx.lineTo(right ? at.x - 4 : at.x + width + 4, at.y + h / 2);
    ctx.stroke();
    ctx.fillStyle = style.text;
    ctx.textAlign = 'left';
    ctx.fillText(p.label, at.x, at.y + h / 2);
  });
}

/** The parts of a 100% bar: each label inside its part when it fits, else above it. */
function drawPartLabels(chart: Chart, plan: ChartPlan, style: MarkStyle): void {
  const ctx = chart.ctx;
  ctx.font = style.font;
  const points = plan.series[0]?.points ?? [];
  const placer = new Placer();
  points.forEach((p, i) => {
    const g = chart.getDatasetMeta(i).data[0] as unknown as BarGeometry | undefined;
    if (!g) return;
    const width = style.measure(p.label);
    const left = Math.min(g.x, g.base);
    const length = Math.abs(g.x - g.base);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    if (width + 16 <= length) {
      ctx.fillStyle = contrast(style.fillOf(0, i), style);
      ctx.fillText(p.label, left + length / 2, g.y);
      return;
    }
    // Too narrow a part: its label above the bar, moved clear of its neighbours', with a leader.
    const h = style.fontSize * 1.2;
    const top = g.y - g.height / 2;
    const at = placer.place({ x: left + length / 2 - width / 2, y: top - LABEL_GAP - h, w: width, h }, 0, -h / 4);
    ctx.strokeStyle = style.strokeOf(0, i);
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(left + length / 2, top);
    ctx.lineTo(at.x + width / 2, at.y + h);
    ctx.stroke();
    ctx.fillStyle = style.text;
    ctx.fillText(p.label, at.x + width / 2, at.y + h / 2);
  });
}

/** Each value large, side by side, with what it counts below it. */
function drawNumbers(chart: Chart, plan: ChartPlan, style: MarkStyle): void {
  const ctx = chart.ctx;
  const points = plan.series[0]?.points ?? [];
  const area = chart.chartArea;
  const column = (area.right - area.left) / Math.max(1, points.length);
  const valueFont = (size: number) => style.font.replace(/\d+(\.\d+)?px/, `${size}px`);
  // One size for every value: the largest at which each fits its column.
  let size = style.fontSize * 2.6;
  while (size > style.fontSize && points.some((p) => style.measure(p.label, valueFont(size)) > column - 40)) size -= 2;
  points.forEach((p, i) => {
    const x = area.left + column * (i + 0.5);
    const y = area.top + (area.bottom - area.top) * 0.42;
    ctx.fillStyle = style.strokeOf(0, 0);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.font = valueFont(size);
    ctx.fillText(p.label, x, y);
    ctx.font = style.font.replace(/^bold /, '');
    ctx.fillStyle = style.text;
    ctx.textBaseline = 'top';
    const category = plan.categories[i] ?? '';
    const words = projectedCategory(plan, category, p.projected);
    wrapLines(words, column - 40, (t) => style.measure(t, ctx.font)).forEach((lineText, n) => ctx.fillText(lineText, x, y + 24 + n * style.fontSize * 1.25));
  });
}

function wrapLines(text: string, max: number, width: (t: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && width(next) > max) { lines.push(line); line = word; } else line = next;
  }
  return line ? [...lines, line] : lines;
}

/** The background behind a label, so that gridlines and whiskers never run through its text. */
function knockout(ctx: Ctx, x: number, y: number, w: number, h: number, color: string | undefined): void {
  if (!color) return;
  ctx.fillStyle = color;
  ctx.fillRect(x - 6, y - 2, w + 12, h + 4);
}

/** White on dark fills, the text colour on light ones. */
function contrast(fill: string, style: Pick<MarkStyle, 'text'>): string {
  return isLight(fill) ? style.text : '#FFFFFF';
}

function rgba(hexColor: string, alpha: number): string {
  const n = parseInt(hexColor.replace('#', ''), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
