// A native chart's part (DrawingML chart XML) from the chart's plan: the numbers, labels, marks,
// legend and axis the image shows. pptxgenjs's own chart writer cannot place a range, label a point
// in words ("over 2,200"), hatch a projection or write single-level categories as PowerPoint does
// (c:strRef); so we write the part ourselves, and pptxgenjs only makes the frame and relationships.
import { chartColors, isLight, lighten } from '../../charts/colors.ts';
import { type ChartPlan, type PointPlan, type ValueAxis } from '../../charts/plan.ts';
import type { FigureFormat } from '../../format/locales.ts';
import type { Theme } from '../../theme/index.ts';
import { column, type ChartTable } from './chart-workbook.ts';

export interface NativeChartOptions {
  /** The chart's title, or none when the slide's title says it. */
  title?: string;
  /** A line under the title for what the legend cannot show: "Hatched: projected". */
  key?: string;
  axis?: ValueAxis;
  theme: Theme;
  /** Label positions that differ from the chart type's usual one (a share's label inside its bar). */
  inside?: (si: number, i: number) => boolean;
}

const NS = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const AXIS = { category: 500100, value: 500200 } as const;
/** Sizes in hundredths of a point. */
const SIZE = { title: 1800, key: 1200, text: 1400 } as const;

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function nativeChartXml(plan: ChartPlan, table: ChartTable, opts: NativeChartOptions): string {
  const { theme } = opts;
  const c = theme.colors;
  const fonts = (bold = false, size: number = SIZE.text, color = c.text) =>
    `<a:defRPr sz="${size}" b="${bold ? 1 : 0}"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:latin typeface="${esc(theme.fonts.latin)}"/><a:ea typeface="${esc(theme.fonts.cjk)}"/><a:cs typeface="${esc(theme.fonts.latin)}"/></a:defRPr>`;
  const txPr = (bold = false, size: number = SIZE.text, color = c.text, rot = '') =>
    `<c:txPr><a:bodyPr${rot}/><a:lstStyle/><a:p><a:pPr>${fonts(bold, size, color)}</a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
  const run = (text: string, bold: boolean, size: number, color: string) =>
    `<a:r><a:rPr lang="en-US" sz="${size}" b="${bold ? 1 : 0}"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:latin typeface="${esc(theme.fonts.latin)}"/><a:ea typeface="${esc(theme.fonts.cjk)}"/><a:cs typeface="${esc(theme.fonts.latin)}"/></a:rPr><a:t>${esc(text)}</a:t></a:r>`;
  const para = (text: string, bold: boolean, size: number, color: string) => `<a:p><a:pPr>${fonts(bold, size, color)}</a:pPr>${run(text, bold, size, color)}</a:p>`;

  const title = [opts.title && para(opts.title, true, SIZE.title, c.primary), opts.key && para(opts.key, false, SIZE.key, c.muted)].filter(Boolean).join('');
  const titleXml = title ? `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>${title}</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` : '<c:autoTitleDeleted val="1"/>';
  const group = chartGroup(plan, table, opts, txPr);
  const axes = plan.type === 'pie' || plan.type === 'doughnut' ? '' : axesXml(plan, opts, txPr);
  const legend = plan.legend.series ? legendXml(plan, txPr) : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace ${NS}><c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/>`
    + `<c:chart>${titleXml}<c:plotArea><c:layout/>${group}${axes}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`
    + `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${txPr()}<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>`;
}

type TxPr = (bold?: boolean, size?: number, color?: string, rot?: string) => string;

function chartGroup(plan: ChartPlan, table: ChartTable, opts: NativeChartOptions, txPr: TxPr): string {
  const { base, tint, seriesColor } = chartColors(plan, opts.theme);
  const c = opts.theme.colors;
  const solid = (hex: string) => `<a:solidFill><a:srgbClr val="${hex}"/></a:solidFill>`;
  const hatch = (fg: string, bg: string) => `<a:pattFill prst="wdUpDiag"><a:fgClr><a:srgbClr val="${fg}"/></a:fgClr><a:bgClr><a:srgbClr val="${bg}"/></a:bgClr></a:pattFill>`;
  // A bound fades toward its end: the gradient runs from the bar's end (light) to its base.
  const fade = (hex: string, horizontal: boolean, negative: boolean) => {
    const angle = horizontal ? (negative ? 0 : 10800000) : negative ? 16200000 : 5400000;
    return `<a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:srgbClr val="${lighten(hex, 0.7)}"/></a:gs><a:gs pos="33000"><a:srgbClr val="${hex}"/></a:gs><a:gs pos="100000"><a:srgbClr val="${hex}"/></a:gs></a:gsLst><a:lin ang="${angle}" scaled="0"/></a:gradFill>`;
  };
  const line = (hex: string, width = 19050, dash?: string) => `<a:ln w="${width}"${width > 20000 ? ' cap="rnd"' : ''}>${solid(hex)}${dash ? `<a:prstDash val="${dash}"/>` : ''}<a:round/></a:ln>`;
  const horizontal = plan.type === 'horizontalBar' || plan.type === 'bar100';
  const isLine = plan.type === 'line';
  const round = plan.type === 'pie' || plan.type === 'doughnut';

  /** How a bar or slice looks: its fill and outline. */
  const shape = (si: number, i: number, p: PointPlan): string => {
    const fill = p.projected ? hatch(base(si, i), tint(si, i)) : p.derived ? solid(tint(si, i)) : p.bound && !round ? fade(base(si, i), horizontal, p.at < 0) : solid(base(si, i));
    const outline = p.derived ? line(base(si, i), 28575, 'dash') : round || plan.type === 'bar100' ? line(c.background, 28575) : line(base(si, i), 12700);
    return `<c:spPr>${fill}${outline}</c:spPr>`;
  };
  /** One point's look, in CT_DPt's order: a line's marker and the segment leading to it; a bar's or slice's shape. */
  const dPt = (si: number, i: number, p: PointPlan) => {
    if (isLine) {
      const fill = p.projected ? tint(si, i) : p.derived ? c.background : seriesColor(si);
      return `<c:dPt><c:idx val="${i}"/><c:marker><c:symbol val="circle"/><c:size val="8"/><c:spPr>${solid(fill)}${line(seriesColor(si), 22225)}</c:spPr></c:marker><c:bubble3D val="0"/><c:spPr>${line(seriesColor(si), 38100, p.projected ? 'dash' : undefined)}</c:spPr></c:dPt>`;
    }
    return `<c:dPt><c:idx val="${i}"/>${round ? '' : '<c:invertIfNegative val="0"/>'}<c:bubble3D val="0"/>${shape(si, i, p)}</c:dPt>`;
  };
  const labelColor = (si: number, i: number, p: PointPlan, inside: boolean) => {
    if (!inside) return c.text;
    const fill = p.projected || p.derived ? tint(si, i) : base(si, i);
    return isLight(fill) ? c.text : 'FFFFFF';
  };
  const position = round ? 'bestFit' : isLine ? 't' : plan.type === 'stackedBar' || plan.type === 'bar100' ? 'ctr' : 'outEnd';
  // Doughnut labels take no position (PowerPoint repairs a file that gives one).
  const dLblPos = (pos: string) => (plan.type === 'doughnut' ? '' : `<c:dLblPos val="${pos}"/>`);
  const shows = '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>';
  const noBox = '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>';
  /** Each point's label, by its own number format; `at` maps the label's index to the point's (si, i). */
  const dLbls = (si: number, points: PointPlan[], at = (k: number) => k) => {
    const each = points.map((p, k) => {
      const i = at(k);
      const inside = round || plan.type === 'stackedBar' || plan.type === 'bar100' || Boolean(opts.inside?.(si, i));
      const pos = !round && !isLine && opts.inside?.(si, i) ? 'inEnd' : position;
      return `<c:dLbl><c:idx val="${k}"/><c:numFmt formatCode="${esc(labelFormat(p, plan.format))}" sourceLinked="0"/>${noBox}${txPr(true, SIZE.text, labelColor(si, i, p, inside))}${dLblPos(pos)}${shows}</c:dLbl>`;
    }).join('');
    return `<c:dLbls>${each}${noBox}${txPr(true)}${dLblPos(position)}${shows}${round ? '<c:showLeaderLines val="1"/>' : ''}</c:dLbls>`;
  };
  /** A range's whisker: error bars from the bar's end back to the range's other end, or around a line's point. */
  const errBars = (si: number, points: PointPlan[]) => {
    if (!points.some((p) => p.range)) return '';
    const lit = (values: number[]) => `<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numLit>`;
    const minus = points.map((p) => (p.range ? Number((p.at - p.range[0]).toPrecision(12)) : 0));
    const plus = points.map((p) => (p.range ? Number((p.range[1] - p.at).toPrecision(12)) : 0));
    const first = points.findIndex((p) => p.range);
    const p0 = points[first];
    const color = isLine ? seriesColor(si) : isLight(p0.projected || p0.derived ? tint(si, first) : base(si, first)) ? c.text : 'FFFFFF';
    // A bar ends at one end of its range (plus or minus is zero); a line's point sits between them.
    return `<c:errBars><c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/><c:plus>${lit(plus)}</c:plus><c:minus>${lit(minus)}</c:minus><c:spPr>${line(color, 38100)}</c:spPr></c:errBars>`;
  };

  const catRef = (labels: string[]) => `<c:cat><c:strRef><c:f>${esc(table.sheet)}!$A$2:$A$${labels.length + 1}</c:f><c:strCache><c:ptCount val="${labels.length}"/>${labels.map((l, i) => `<c:pt idx="${i}"><c:v>${esc(l)}</c:v></c:pt>`).join('')}</c:strCache></c:strRef></c:cat>`;
  const valRef = (col: number, values: number[], first = 2) => `<c:val><c:numRef><c:f>${esc(table.sheet)}!$${column(col)}$${first}:$${column(col)}$${first + values.length - 1}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numCache></c:numRef></c:val>`;
  const name = (col: number, text: string) => `<c:tx><c:strRef><c:f>${esc(table.sheet)}!$${column(col)}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${esc(text)}</c:v></c:pt></c:strCache></c:strRef></c:tx>`;

  if (plan.type === 'bar100') {
    // One row: each part a series of one value, stacked to 100%.
    const points = plan.series[0].points;
    const sers = points.map((p, i) =>
      `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${name(i + 1, plan.categories[i])}${shape(0, i, p)}<c:invertIfNegative val="0"/>${dLbls(0, [p], () => i)}${catRef([String(table.rows[0][0])])}${valRef(i + 1, [p.at])}</c:ser>`).join('');
    return `<c:barChart><c:barDir val="bar"/><c:grouping val="stacked"/><c:varyColors val="0"/>${sers}<c:gapWidth val="40"/><c:overlap val="100"/><c:axId val="${AXIS.category}"/><c:axId val="${AXIS.value}"/></c:barChart>`;
  }

  const sers = plan.series.map((s, si) => {
    const col = table.columnOf[si];
    const whole = s.allProjected ? hatch(seriesColor(si), tint(si, 0)) : solid(round ? base(si, 0) : seriesColor(si));
    const serLook = isLine ? `<c:spPr>${line(seriesColor(si), 38100)}</c:spPr><c:marker><c:symbol val="circle"/><c:size val="8"/></c:marker>` : `<c:spPr>${whole}${line(round ? c.background : seriesColor(si), 12700)}</c:spPr>${round ? '' : '<c:invertIfNegative val="0"/>'}`;
    const dPts = s.points.map((p, i) => dPt(si, i, p)).join('');
    return `<c:ser><c:idx val="${si}"/><c:order val="${si}"/>${name(col, s.name)}${serLook}${dPts}${dLbls(si, s.points)}${round ? '' : errBars(si, s.points)}${catRef(plan.categories)}${valRef(col, s.points.map((p) => p.at))}${isLine ? '<c:smooth val="0"/>' : ''}</c:ser>`;
  }).join('');
  const axIds = `<c:axId val="${AXIS.category}"/><c:axId val="${AXIS.value}"/>`;
  switch (plan.type) {
    case 'line':
      return `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${sers}<c:marker val="1"/>${axIds}</c:lineChart>`;
    case 'pie':
      return `<c:pieChart><c:varyColors val="1"/>${sers}<c:firstSliceAng val="0"/></c:pieChart>`;
    case 'doughnut':
      return `<c:doughnutChart><c:varyColors val="1"/>${sers}<c:firstSliceAng val="0"/><c:holeSize val="50"/></c:doughnutChart>`;
    default: {
      const stacked = plan.type === 'stackedBar';
      return `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="${stacked ? 'stacked' : 'clustered'}"/><c:varyColors val="0"/>${sers}<c:gapWidth val="${stacked ? 60 : 80}"/>${stacked ? '<c:overlap val="100"/>' : '<c:overlap val="-5"/>'}${axIds}</c:barChart>`;
    }
  }
}

function axesXml(plan: ChartPlan, opts: NativeChartOptions, txPr: TxPr): string {
  const c = opts.theme.colors;
  const horizontal = plan.type === 'horizontalBar' || plan.type === 'bar100';
  const axis = opts.axis;
  const ln = (hex: string, w: number) => `<c:spPr><a:ln w="${w}"><a:solidFill><a:srgbClr val="${hex}"/></a:solidFill></a:ln></c:spPr>`;
  const decimals = axis ? decimalsOf(axis.step) : 0;
  const tickFormat = `${plan.format.number(1000).includes(',') ? '#,##0' : '0'}${decimals ? `.${'0'.repeat(decimals)}` : ''}${plan.percent ? '"%"' : ''}`;
  const title = plan.axisTitle && !plan.percent
    ? `<c:title><c:tx><c:rich><a:bodyPr${horizontal ? '' : ' rot="-5400000" vert="horz"'}/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${SIZE.text}" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="${SIZE.text}" b="1"><a:solidFill><a:srgbClr val="${c.text}"/></a:solidFill><a:latin typeface="${esc(opts.theme.fonts.latin)}"/><a:ea typeface="${esc(opts.theme.fonts.cjk)}"/></a:rPr><a:t>${esc(plan.axisTitle)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`
    : '';
  const scaling = axis ? `<c:scaling><c:orientation val="minMax"/><c:max val="${axis.max}"/><c:min val="${axis.min}"/></c:scaling>` : '<c:scaling><c:orientation val="minMax"/></c:scaling>';
  const categoryAxis = `<c:catAx><c:axId val="${AXIS.category}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="${plan.type === 'bar100' ? 1 : 0}"/><c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${ln(c.muted, 19050)}${txPr(false)}<c:crossAx val="${AXIS.value}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="1"/></c:catAx>`;
  const valueAxis = `<c:valAx><c:axId val="${AXIS.value}"/>${scaling}<c:delete val="0"/><c:axPos val="${horizontal ? 'b' : 'l'}"/><c:majorGridlines>${ln(c.rule, 9525)}</c:majorGridlines>${title}<c:numFmt formatCode="${esc(tickFormat)}" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>${txPr(false)}<c:crossAx val="${AXIS.category}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>${axis ? `<c:majorUnit val="${axis.step}"/>` : ''}</c:valAx>`;
  return categoryAxis + valueAxis;
}

function legendXml(plan: ChartPlan, txPr: TxPr): string {
  const round = plan.type === 'pie' || plan.type === 'doughnut';
  const position = round ? 'r' : plan.type === 'bar100' ? 'b' : 't';
  return `<c:legend><c:legendPos val="${position}"/><c:overlay val="0"/>${txPr(false)}</c:legend>`;
}

/**
 * The number format that makes a data label read as the plan says: the value with its qualifier,
 * "%" and derived mark around it ("over "#,##0), so that it follows an edit of the value; a range's
 * label, which no one value gives, is literal text.
 */
export function labelFormat(p: PointPlan, format: FigureFormat): string {
  const text = p.label;
  // Text alone, for positive and negative values alike (one section would put a minus before it).
  const fixed = `${literal(text)};${literal(text)}`;
  if (p.range) return fixed;
  const number = format.number(Math.abs(p.at));
  const at = text.indexOf(number);
  // A number said with a scale word (1.2万) has no number format: its text stands.
  if (at < 0 || !/^[\d.,]+$/.test(number)) return fixed;
  const decimals = number.includes('.') ? number.split('.')[1].length : 0;
  // Grouped as the language groups digits: "1,130" in English, 1130 in Chinese.
  const grouping = format.number(1000).includes(',') ? '#,##0' : '0';
  const digits = `${grouping}${decimals ? `.${'0'.repeat(decimals)}` : ''}`;
  const before = text.slice(0, at);
  const after = text.slice(at + number.length);
  const pre = literal(before.replace(/-$/, ''));
  const post = literal(after);
  // The negative section shows the value without its sign: the sign goes after the prefix ("about -2").
  return `${pre}${digits}${post};${pre}-${digits}${post}`;
}

/** Text as a literal in a number format: quoted, with any quote escaped. */
function literal(text: string): string {
  if (!text) return '';
  return text.split('"').map((part) => (part ? `"${part}"` : '')).join('\\"');
}

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes('.') ? text.split('.')[1].length : 0;
}
