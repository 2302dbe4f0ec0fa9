// The plan both chart renderers draw: labels, marks, legend and axis, from the chart's figures.
import { describe, expect, it } from 'vitest';
import { planChart, valueAxis } from '../../src/charts/plan.ts';
import type { ChartSpec } from '../../src/types.ts';

const spec = (over: Partial<ChartSpec>): ChartSpec => ({
  id: 'c', type: 'bar', title: 'T', unit: 'GWh', labels: ['a', 'b'], measure: { unit: 'GWh' },
  series: [{ name: 's', figures: [], values: [1, 2] }], sources: [], ...over,
});

describe('planChart', () => {
  it('labels say the value as the data does: qualifiers, ranges, derived marks; no unit beside a value axis', () => {
    const plan = planChart(spec({ series: [{ name: 's', figures: [], values: [2200, [3000, 3800]], qualifiers: ['over', undefined], derived: [undefined, 'implied'] }] }));
    expect(plan.series[0].points.map((p) => p.label)).toEqual(['over 2,200', '3,000–3,800 (implied)']);
    expect(plan.series[0].points.map((p) => p.spoken)).toEqual(['over 2,200 GWh', '3,000–3,800 GWh (implied)']);
    // A bar of a range reaches its high end, with the range marked; a lower bound is one.
    expect(plan.series[0].points[1]).toMatchObject({ at: 3800, range: [3000, 3800], derived: 'implied' });
    expect(plan.series[0].points[0]).toMatchObject({ at: 2200, bound: 'lower' });
    expect(plan.axisTitle).toBe('GWh');
  });

  it('labels carry the unit, short, where there is no value axis', () => {
    const plan = planChart(spec({ type: 'numbers', measure: { unit: 'CNY', currency: 'CNY', scale: 'billion' }, unit: 'CNY billion', series: [{ name: 's', figures: [], values: [113, 15.7], qualifiers: [undefined, 'about'] }] }));
    expect(plan.series[0].points.map((p) => p.label)).toEqual(['CNY 113 bn', 'about CNY 15.7 bn']);
    expect(plan.axisTitle).toBe('');
  });

  it('a series of projections only says so in its name, and needs no separate key', () => {
    const plan = planChart(spec({ series: [
      { name: '2025', figures: [], values: [1, 2] },
      { name: '2030', figures: [], values: [3, 4], projected: [true, true] },
    ] }));
    expect(plan.series.map((s) => s.name)).toEqual(['2025', '2030 (projected)']);
    expect(plan.legend).toEqual({ series: true, projected: false });
    const mixed = planChart(spec({ series: [{ name: 'Market', figures: [], values: [1, 2], projected: [false, true] }] }));
    expect(mixed.legend).toEqual({ series: true, projected: true });
  });

  it('shows what shares of a whole leave as "Other", and puts shares on a 0–100% axis', () => {
    const pie = planChart(spec({ type: 'pie', unit: '%', measure: { unit: '%' }, share: true, series: [{ name: 's', figures: [], values: [55, 38] }] }));
    expect(pie.categories).toEqual(['a', 'b', 'Other']);
    expect(pie.series[0].points.map((p) => p.label)).toEqual(['55%', '38%', '7%']);
    const bars = planChart(spec({ unit: '%', measure: { unit: '%' }, share: true, series: [{ name: 's', figures: [], values: [55, 30] }] }));
    expect(valueAxis(bars, 0.1)).toEqual({ min: 0, max: 100, step: 20 });
  });

  it('leaves room past the highest and lowest marks for their labels, on round steps', () => {
    const plan = planChart(spec({ series: [{ name: 's', figures: [], values: [-2.3, 1.9] }] }));
    const axis = valueAxis(plan, 0.1, 0.1);
    expect(axis.min).toBeLessThan(-2.3 / 0.9 + 1e-9);
    expect(axis.max).toBeGreaterThanOrEqual(1.9 / 0.9);
    expect([0.5, 1, 2, 2.5, 5]).toContain(axis.step);
    expect(Number.isInteger(axis.min / axis.step) && Number.isInteger(axis.max / axis.step)).toBe(true);
    expect(valueAxis(planChart(spec({})), 0)).toMatchObject({ min: 0 });
  });
});
