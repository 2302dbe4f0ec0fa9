// The deck's drawing, recorded: a stand-in for pptxgenjs that keeps what the drawing code asks of it
// (the deck's properties, the masters, and for each slide every addText/addImage/addShape/addTable/
// addChart/addNotes call with its options). The deck is this record replayed onto pptxgenjs; the
// preview (src/preview) draws its slides from the same record, so it shows what the deck drew.
import { PptxGenJS, type Pptx } from './pptxgen.ts';

export type SlideMethod = 'addText' | 'addImage' | 'addShape' | 'addTable' | 'addChart' | 'addNotes';

export interface Call {
  method: SlideMethod;
  args: unknown[];
}

export interface SlideRecord {
  masterName?: string;
  calls: Call[];
}

/** What a master holds, as pptxgenjs takes it in defineSlideMaster. */
export interface MasterProps {
  title: string;
  background?: { color?: string };
  objects?: Record<string, unknown>[];
  slideNumber?: Record<string, unknown>;
}

const METHODS: SlideMethod[] = ['addText', 'addImage', 'addShape', 'addTable', 'addChart', 'addNotes'];

/** The enums the drawing code reads from a deck (ShapeType.rect…), taken from pptxgenjs itself. */
let enums: Pick<Pptx, 'ShapeType' | 'ChartType'> | undefined;

export class DeckRecorder {
  /** Properties set on the deck (layout, title, author, theme…), in order. */
  readonly props: [string, unknown][] = [];
  readonly layouts: { name: string; width: number; height: number }[] = [];
  readonly masters: MasterProps[] = [];
  readonly slides: SlideRecord[] = [];

  get ShapeType(): Pptx['ShapeType'] {
    return (enums ??= new PptxGenJS()).ShapeType;
  }

  get ChartType(): Pptx['ChartType'] {
    return (enums ??= new PptxGenJS()).ChartType;
  }

  set layout(name: string) { this.props.push(['layout', name]); }
  get layout(): string { return this.prop('layout') as string ?? 'LAYOUT_16x9'; }
  set title(v: string) { this.props.push(['title', v]); }
  set subject(v: string) { this.props.push(['subject', v]); }
  set author(v: string) { this.props.push(['author', v]); }
  set company(v: string) { this.props.push(['company', v]); }
  set theme(v: unknown) { this.props.push(['theme', v]); }

  defineLayout(layout: { name: string; width: number; height: number }): void {
    this.layouts.push(layout);
  }

  defineSlideMaster(props: MasterProps): void {
    this.masters.push(props);
  }

  addSlide(options: { masterName?: string } = {}): Record<SlideMethod, (...args: unknown[]) => unknown> {
    const record: SlideRecord = { masterName: options.masterName, calls: [] };
    this.slides.push(record);
    const slide = {} as Record<SlideMethod, (...args: unknown[]) => unknown>;
    for (const method of METHODS) {
      slide[method] = (...args: unknown[]) => {
        record.calls.push({ method, args });
        return slide;
      };
    }
    return slide;
  }

  /** The last value a property was set to. */
  prop(name: string): unknown {
    return this.props.findLast(([n]) => n === name)?.[1];
  }

  /** Slide width and height in inches. */
  get size(): { w: number; h: number } {
    const name = this.layout;
    const custom = this.layouts.findLast((l) => l.name === name);
    if (custom) return { w: custom.width, h: custom.height };
    return LAYOUTS[name] ?? LAYOUTS.LAYOUT_16x9;
  }

  /** This recorder typed as the deck it stands in for. */
  asPptx(): Pptx {
    return this as unknown as Pptx;
  }
}

/** pptxgenjs's built-in layouts, in inches. */
const LAYOUTS: Record<string, { w: number; h: number }> = {
  LAYOUT_16x9: { w: 10, h: 5.625 },
  LAYOUT_16x10: { w: 10, h: 6.25 },
  LAYOUT_4x3: { w: 10, h: 7.5 },
  LAYOUT_WIDE: { w: 13.333, h: 7.5 },
};

/** Makes the recorded calls on a real deck, in the order they were made. */
export function replay(recorded: DeckRecorder, pptx: Pptx): void {
  for (const layout of recorded.layouts) pptx.defineLayout(layout);
  for (const [name, value] of recorded.props) (pptx as unknown as Record<string, unknown>)[name] = value;
  for (const master of recorded.masters) pptx.defineSlideMaster(master as never);
  for (const record of recorded.slides) {
    const slide = pptx.addSlide(record.masterName ? { masterName: record.masterName } : undefined) as unknown as Record<SlideMethod, (...args: unknown[]) => unknown>;
    for (const call of record.calls) slide[call.method](...call.args);
  }
}
