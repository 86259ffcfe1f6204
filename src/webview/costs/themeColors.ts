// The chart colours, read from VS Code's theme variables (`--vscode-charts-*`), and a watcher
// that tells the charts to redraw when the theme changes: VS Code swaps the body's
// `vscode-light` / `vscode-dark` / `vscode-high-contrast` class and rewrites the variables in
// the `style` attribute of <html>.

export interface ChartColors {
  /** Series colours in the order they are handed out. */
  readonly palette: readonly string[];
  readonly blue: string;
  readonly red: string;
  readonly green: string;
  readonly yellow: string;
  readonly orange: string;
  readonly purple: string;
  /** Axis labels and ticks. */
  readonly foreground: string;
  /** Grid lines. */
  readonly lines: string;
  /** The canvas font, e.g. `12px system-ui`. */
  readonly font: string;
}

// Dark+ values, used only when a variable is missing (never inside VS Code, which sets them all).
const FALLBACK = {
  blue: '#3794ff',
  red: '#f14c4c',
  green: '#89d185',
  yellow: '#cca700',
  orange: '#d18616',
  purple: '#b180d7',
  foreground: '#cccccc',
  lines: '#cccccc80',
} as const;

function variable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readChartColors(): ChartColors {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const color = (name: keyof typeof FALLBACK) => variable(root, `--vscode-charts-${name}`, FALLBACK[name]);
  const blue = color('blue');
  const red = color('red');
  const green = color('green');
  const yellow = color('yellow');
  const orange = color('orange');
  const purple = color('purple');
  const foreground = variable(root, '--vscode-charts-foreground', variable(root, '--vscode-foreground', FALLBACK.foreground));
  const lines = variable(root, '--vscode-charts-lines', FALLBACK.lines);
  const fontFamily = variable(root, '--vscode-font-family', body.fontFamily || 'system-ui, sans-serif');
  return {
    // Red last: next to the others it reads as "failure".
    palette: [blue, green, orange, purple, yellow, red],
    blue, red, green, yellow, orange, purple, foreground, lines,
    font: `11px ${fontFamily}`,
  };
}

export const paletteColor = (colors: ChartColors, index: number): string => colors.palette[index % colors.palette.length] ?? colors.blue;

let probe: CanvasRenderingContext2D | null | undefined;

/** `color` at `alpha` opacity, for band fills; the colour itself if it cannot be parsed. */
export function withAlpha(color: string, alpha: number): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  // The canvas normalises any CSS colour to `#rrggbb` or `rgba(r, g, b, a)`.
  probe.fillStyle = '#000000';
  probe.fillStyle = color;
  const normal = String(probe.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normal);
  if (hex) return `rgba(${parseInt(hex[1]!, 16)}, ${parseInt(hex[2]!, 16)}, ${parseInt(hex[3]!, 16)}, ${alpha})`;
  const rgba = /^rgba\((\d+), (\d+), (\d+), ([\d.]+)\)$/.exec(normal);
  if (rgba) return `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, ${Number(rgba[4]) * alpha})`;
  return color;
}

const keyOf = (colors: ChartColors): string => JSON.stringify(colors);

/**
 * Calls `onChange` with the new colours after the theme changed (once per burst of
 * mutations, and only when a chart colour or the font really changed). Returns a stop function.
 */
export function watchTheme(onChange: (colors: ChartColors) => void): () => void {
  let current = keyOf(readChartColors());
  let scheduled = false;
  const check = () => {
    scheduled = false;
    const colors = readChartColors();
    const key = keyOf(colors);
    if (key === current) return;
    current = key;
    onChange(colors);
  };
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(check);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

/** The current chart colours, shared by every chart of the page, with change listeners. */
export class ChartTheme {
  private value: ChartColors = readChartColors();
  private readonly listeners = new Set<() => void>();

  constructor() {
    watchTheme((colors) => {
      this.value = colors;
      for (const listener of this.listeners) listener();
    });
  }

  get colors(): ChartColors {
    return this.value;
  }

  /** Calls `listener` after each theme change; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
