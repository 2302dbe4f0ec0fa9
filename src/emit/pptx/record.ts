// The deck's drawing, recorded: a stand-in for pptxgenjs that keeps everything the drawing code asks of
// it, in order: each property set and method called on the deck (layout, title, defineSlideMaster…),
// and for each slide every property set and call (addText, addImage, addShape, addTable, addChart,
// addNotes…) with its options. The deck is this record replayed onto pptxgenjs; the preview
// (src/preview) draws its slides from the same record, so it shows what the deck drew. Whatever the
// drawing code uses of pptxgenjs is recorded and replayed alike, known to the preview or not.
import { PptxGenJS, type Pptx, type Slide } from './pptxgen.ts';

/** One thing done to the deck or a slide: a method called with its arguments, or a property set. */
export type Step = { call: string; args: unknown[] } | { set: string; value: unknown };

export interface SlideRecord {
  /** The options addSlide was called with (the master's name). */
  options: { masterName?: string } | undefined;
  steps: Step[];
}

/** What a master holds, as pptxgenjs takes it in defineSlideMaster. */
export interface MasterProps {
  title: string;
  background?: { color?: string };
  objects?: Record<string, unknown>[];
  slideNumber?: Record<string, unknown>;
}

type DeckStep = Step | { call: 'addSlide'; args: unknown[]; slide: SlideRecord };

/** A real deck and slide, never written: which names are methods, and the enums (ShapeType…) to read. */
let real: { deck: Pptx; slide: Slide } | undefined;
const reference = () => {
  if (!real) { const deck = new PptxGenJS(); real = { deck, slide: deck.addSlide() }; }
  return real;
};
const isMethod = (o: object, name: string | symbol) => typeof (o as Record<string | symbol, unknown>)[name] === 'function';

export class DeckRecorder {
  readonly steps: DeckStep[] = [];

  /** The recorder, typed as the deck it stands in for. */
  asPptx(): Pptx {
    const recorder = this;
    return new Proxy({}, {
      get(_t, name) {
        if (name === 'addSlide') return (...args: unknown[]) => recorder.addSlide(args);
        const { deck } = reference();
        if (isMethod(deck, name)) return (...args: unknown[]) => { recorder.steps.push({ call: String(name), args }); };
        // A property: the last value set, else pptxgenjs's own (ShapeType, ChartType, a default).
        const set = recorder.lastSet(String(name));
        return set ? set.value : (deck as unknown as Record<string | symbol, unknown>)[name];
      },
      set(_t, name, value) {
        recorder.steps.push({ set: String(name), value });
        return true;
      },
    }) as Pptx;
  }

  private addSlide(args: unknown[]): Slide {
    const record: SlideRecord = { options: args[0] as SlideRecord['options'], steps: [] };
    this.steps.push({ call: 'addSlide', args, slide: record });
    const slide: Slide = new Proxy({}, {
      get(_t, name) {
        if (isMethod(reference().slide, name)) return (...a: unknown[]) => { record.steps.push({ call: String(name), args: a }); return slide; };
        return record.steps.findLast((s): s is Extract<Step, { set: string }> => 'set' in s && s.set === name)?.value;
      },
      set(_t, name, value) {
        record.steps.push({ set: String(name), value });
        return true;
      },
    }) as Slide;
    return slide;
  }

  private lastSet(name: string): Extract<Step, { set: string }> | undefined {
    return this.steps.findLast((s): s is Extract<Step, { set: string }> => 'set' in s && s.set === name);
  }

  get slides(): SlideRecord[] {
    return this.steps.flatMap((s) => ('slide' in s ? [s.slide] : []));
  }

  get masters(): MasterProps[] {
    return this.steps.flatMap((s) => ('call' in s && s.call === 'defineSlideMaster' ? [s.args[0] as MasterProps] : []));
  }

  /** Slide width and height in inches. */
  get size(): { w: number; h: number } {
    const name = String(this.lastSet('layout')?.value ?? 'LAYOUT_16x9');
    const custom = this.steps.findLast((s) => 'call' in s && s.call === 'defineLayout' && (s.args[0] as { name?: string })?.name === name);
    if (custom && 'call' in custom) {
      const { width, height } = custom.args[0] as { width: number; height: number };
      return { w: width, h: height };
    }
    return LAYOUTS[name] ?? LAYOUTS.LAYOUT_16x9;
  }
}

/** pptxgenjs's built-in layouts, in inches. */
const LAYOUTS: Record<string, { w: number; h: number }> = {
  LAYOUT_16x9: { w: 10, h: 5.625 },
  LAYOUT_16x10: { w: 10, h: 6.25 },
  LAYOUT_4x3: { w: 10, h: 7.5 },
  LAYOUT_WIDE: { w: 13.333, h: 7.5 },
};

/** Does what was recorded to a real deck, in the same order. */
export function replay(recorded: DeckRecorder, pptx: Pptx): void {
  const apply = (target: object, step: Step) => {
    const t = target as Record<string, unknown>;
    if ('set' in step) t[step.set] = step.value;
    else (t[step.call] as (...args: unknown[]) => unknown).apply(target, step.args);
  };
  for (const step of recorded.steps) {
    if ('slide' in step) {
      const slide = pptx.addSlide(...(step.args as Parameters<Pptx['addSlide']>));
      for (const s of step.slide.steps) apply(slide, s);
    } else {
      apply(pptx, step);
    }
  }
}
