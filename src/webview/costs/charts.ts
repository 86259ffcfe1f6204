// A per-day chart drawn with uPlot on a canvas: stacked bars (spend by provider), lines (tokens)
// or a line with a band (the forecast). Colours come from the theme and the chart is rebuilt
// when the theme changes; it follows the panel's width. The canvas is hidden from screen
// readers: every chart has a table with the same numbers (chartTable.ts).
//
// uPlot sets its styles through the CSSOM (element.style), which the page's CSP allows, and
// writes labels with textContent; its own legend is off, the legend here is built from nodes.
import uPlot from 'uplot';
import { h } from '../common/dom';
import { formatDay } from './format';
import { type ChartColors, type ChartTheme, withAlpha } from './themeColors';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: (colors: ChartColors) => string;
  /** A total for the legend, e.g. the period's spend; none for the forecast's band edges. */
  readonly total?: string;
}

export interface TimeChartSpec {
  readonly days: readonly string[];
  /** `band`: series are expected, low, high; the area between low and high is filled. */
  readonly mode: 'stacked-bars' | 'lines' | 'band';
  readonly series: readonly ChartSeries[];
  /** Full values, for the hover readout. */
  readonly format: (value: number) => string;
  /** Short values, for the y axis. */
  readonly axisFormat: (value: number) => string;
}

const BAR_SIZE: [number, number] = [0.72, 48];

function yRange(_u: uPlot, _min: number, max: number): uPlot.Range.MinMax {
  return uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true);
}

/** Running sums from the first series up: what each stacked bar's top is. */
function stacked(series: readonly ChartSeries[], length: number): number[][] {
  const sums: number[][] = [];
  let running = new Array<number>(length).fill(0);
  for (const s of series) {
    running = running.map((sum, i) => sum + (s.values[i] ?? 0));
    sums.push(running);
  }
  return sums;
}

interface Built {
  readonly series: uPlot.Series[];
  readonly data: number[][];
  readonly bands?: uPlot.Band[];
}

function barSeries(spec: TimeChartSpec, colors: ChartColors, x: number[]): Built {
  const bars = uPlot.paths.bars?.({ size: BAR_SIZE, gap: 1 });
  // Each series is drawn over the previous one, so the tallest stack (all providers) goes first,
  // coloured as the topmost provider; the visible part of each bar is its own provider's share.
  const sums = stacked(spec.series, x.length);
  const order = spec.series.map((_, i) => i).reverse();
  return {
    series: [
      {},
      ...order.map((i): uPlot.Series => {
        const color = spec.series[i]!.color(colors);
        return { label: spec.series[i]!.label, stroke: color, fill: color, width: 1, paths: bars, points: { show: false } };
      }),
    ],
    data: [x, ...order.map((i) => sums[i]!)],
  };
}

function lineSeries(spec: TimeChartSpec, colors: ChartColors, x: number[]): Built {
  const fewPoints = x.length < 3;
  return {
    series: [
      {},
      ...spec.series.map((s): uPlot.Series => {
        const color = s.color(colors);
        return { label: s.label, stroke: color, width: 2, points: { show: fewPoints, size: 7, fill: color, stroke: color } };
      }),
    ],
    data: [x, ...spec.series.map((s) => x.map((i) => s.values[i] ?? 0))],
  };
}

function bandSeries(spec: TimeChartSpec, colors: ChartColors, x: number[]): Built {
  const [expected, low, high] = spec.series;
  if (!expected || !low || !high) return lineSeries(spec, colors, x);
  const color = expected.color(colors);
  const edge = withAlpha(color, 0.55);
  const values = (s: ChartSeries) => x.map((i) => s.values[i] ?? 0);
  return {
    series: [
      {},
      { label: expected.label, stroke: color, width: 2, points: { show: x.length < 3, size: 7, fill: color, stroke: color } },
      { label: low.label, stroke: edge, width: 1, dash: [4, 4], points: { show: false } },
      { label: high.label, stroke: edge, width: 1, dash: [4, 4], points: { show: false } },
    ],
    data: [x, values(expected), values(low), values(high)],
    // From the high edge down to the low edge.
    bands: [{ series: [3, 2], fill: withAlpha(color, 0.18) }],
  };
}

function measureAxis(u: uPlot, values: string[] | undefined, font: string): number {
  if (!values || values.length === 0) return 40;
  u.ctx.save();
  u.ctx.font = font;
  const widest = Math.max(...values.map((v) => u.ctx.measureText(v).width));
  u.ctx.restore();
  return Math.ceil(widest) + 16;
}

export function chartOptions(spec: TimeChartSpec, colors: ChartColors, size: { width: number; height: number }, onCursor: (idx: number | null) => void): { options: uPlot.Options; data: uPlot.AlignedData } {
  const x = spec.days.map((_, i) => i);
  const built = spec.mode === 'stacked-bars' ? barSeries(spec, colors, x) : spec.mode === 'band' ? bandSeries(spec, colors, x) : lineSeries(spec, colors, x);
  const axisCommon = { stroke: colors.foreground, font: colors.font, labelFont: colors.font };
  const options: uPlot.Options = {
    ...size,
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: spec.mode !== 'stacked-bars' }, y: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0, x.length - 1) + 0.5] },
      y: { range: yRange },
    },
    axes: [
      {
        ...axisCommon,
        grid: { show: false },
        ticks: { stroke: colors.lines, width: 1, size: 4 },
        space: 56,
        incrs: [1, 2, 3, 7, 14, 28, 56, 91, 182, 364],
        values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && spec.days[i] ? formatDay(spec.days[i]) : '')),
      },
      {
        ...axisCommon,
        grid: { stroke: colors.lines, width: 1 },
        ticks: { show: false },
        space: 32,
        values: (_u, splits) => splits.map((v) => spec.axisFormat(v)),
        size: (u, values) => measureAxis(u, values, colors.font),
      },
    ],
    series: built.series,
    hooks: { setCursor: [(u) => onCursor(u.cursor.idx ?? null)] },
    ...(built.bands ? { bands: built.bands } : {}),
  };
  const [xs = [], ...ys] = built.data;
  return { options, data: [xs, ...ys] };
}

export class TimeChart {
  /** The chart with its readout and legend; hidden from screen readers (the table speaks). */
  readonly element: HTMLElement;
  private readonly readout = h('div', { class: 'chart-readout' });
  private readonly host = h('div', { class: 'chart-plot' });
  private readonly legend = h('ul', { class: 'chart-legend' });
  private plot: uPlot | undefined;
  private spec: TimeChartSpec | undefined;
  private width = 0;
  private draws = 0;
  private readonly resize: ResizeObserver;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly theme: ChartTheme,
    private readonly height: number,
    testId: string,
  ) {
    this.element = h('div', { class: 'chart', attrs: { 'aria-hidden': 'true', 'data-testid': testId } }, this.readout, this.host, this.legend);
    // The width comes from the observer (after the browser's own layout), never read from the
    // element: reading clientWidth right after the page was built forced a layout of it all.
    this.resize = new ResizeObserver((entries) => this.fit(Math.floor(entries[entries.length - 1]?.contentRect.width ?? 0)));
    this.resize.observe(this.host);
    this.unsubscribe = theme.subscribe(() => this.rebuild());
  }

  show(spec: TimeChartSpec): void {
    this.spec = spec;
    this.rebuild();
  }

  /** Removes the chart, e.g. when the forecast has nothing to project. */
  clear(): void {
    this.spec = undefined;
    this.rebuild();
    this.legend.replaceChildren();
  }

  dispose(): void {
    this.resize.disconnect();
    this.unsubscribe();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private fit(width: number): void {
    if (width === this.width) return;
    this.width = width;
    if (!this.plot) this.rebuild();
    else if (width > 0) this.plot.setSize({ width, height: this.height });
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    const spec = this.spec;
    if (!spec) return;
    const colors = this.theme.colors;
    this.renderLegend(spec, colors);
    this.readout.textContent = '';
    // Not measured yet, a folded section, or a chart shown as its table: drawn when the observer
    // reports a width.
    if (this.width <= 0) return;
    const { options, data } = chartOptions(spec, colors, { width: this.width, height: this.height }, (idx) => this.showReadout(idx));
    this.plot = new uPlot(options, data, this.host);
    this.draws += 1;
    this.element.dataset.draws = String(this.draws);
    this.element.dataset.colors = JSON.stringify(spec.series.map((s) => s.color(colors)));
  }

  private renderLegend(spec: TimeChartSpec, colors: ChartColors): void {
    const items = spec.series
      .filter((s) => spec.mode !== 'band' || s === spec.series[0])
      .map((s) => {
        const swatch = h('span', { class: `legend-swatch${spec.mode === 'lines' || spec.mode === 'band' ? ' is-line' : ''}` });
        swatch.style.backgroundColor = s.color(colors);
        return h('li', { class: 'legend-item' }, swatch, h('span', { class: 'legend-label' }, s.label), s.total !== undefined && h('span', { class: 'legend-value' }, s.total));
      });
    if (spec.mode === 'band' && spec.series[0]) {
      const swatch = h('span', { class: 'legend-swatch is-band' });
      swatch.style.backgroundColor = withAlpha(spec.series[0].color(colors), 0.35);
      items.push(h('li', { class: 'legend-item' }, swatch, h('span', { class: 'legend-label' }, 'Likely range')));
    }
    this.legend.replaceChildren(...items);
  }

  private showReadout(idx: number | null): void {
    const spec = this.spec;
    const day = idx === null ? undefined : spec?.days[idx];
    if (!spec || idx === null || day === undefined) {
      this.readout.textContent = '';
      return;
    }
    const parts = spec.series.map((s) => `${s.label} ${spec.format(s.values[idx] ?? 0)}`);
    if (spec.mode === 'stacked-bars' && spec.series.length > 1) {
      parts.push(`total ${spec.format(spec.series.reduce((sum, s) => sum + (s.values[idx] ?? 0), 0))}`);
    }
    this.readout.textContent = `${formatDay(day, true)} · ${parts.join(' · ')}`;
  }
}

/**
 * Draws a small chart of each kind off screen and throws it away. The first uPlot chart in a
 * page costs tens of milliseconds more than the next (its code runs for the first time); done
 * while the host builds the state, that cost is no longer paid when the state arrives.
 */
export function warmUpCharts(theme: ChartTheme): void {
  const host = h('div', { class: 'chart-warmup', attrs: { 'aria-hidden': 'true' } });
  document.body.append(host);
  try {
    const days = ['2026-01-01', '2026-01-02', '2026-01-03'];
    const series = (values: number[]): ChartSeries => ({ label: 'warm-up', values, color: (c) => c.blue });
    for (const mode of ['stacked-bars', 'lines', 'band'] as const) {
      const spec: TimeChartSpec = { days, mode, series: [series([1, 2, 3]), series([0, 1, 2]), series([2, 3, 4])], format: String, axisFormat: String };
      const { options, data } = chartOptions(spec, theme.colors, { width: 200, height: 80 }, () => undefined);
      new uPlot(options, data, host).destroy();
    }
  } finally {
    host.remove();
  }
}
