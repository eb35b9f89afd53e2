/** One bar of a chart: its value against the scale, and an optional overlaid part (e.g. first choices). */
export interface ChartItem {
  label: string;
  value: number;
  /** The bar's full scale (a visit's seats); the largest value when absent. */
  max?: number;
  /** Part of the value drawn darker over the bar. */
  part?: number;
  text: string;
}

export interface ChartBar {
  label: string;
  text: string;
  labelY: number;
  y: number;
  width: number;
  partWidth: number;
  trackWidth: number;
  textX: number;
}

/** What the chart partial draws: SVG geometry, and the same figures as a table for those who cannot see it. */
export interface Chart {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  barHeight: number;
  bars: ChartBar[];
  head: string[];
  rows: string[][];
}

const WIDTH = 640;
const PLOT = 520;
const ROW = 44;
const BAR = 16;

function scaled(value: number, scale: number): number {
  return scale > 0 ? Math.round((Math.min(value, scale) / scale) * PLOT * 10) / 10 : 0;
}

/**
 * A horizontal bar chart, one row per item: the label above its bar (long Korean or French
 * titles never squeeze the bars on a phone), the figure at the bar's end.
 */
export function barChart(input: { id: string; title: string; desc: string; items: ChartItem[]; head: string[]; rows: string[][] }): Chart {
  const largest = Math.max(0, ...input.items.map((item) => item.value));
  const bars = input.items.map((item, index): ChartBar => {
    const scale = item.max ?? largest;
    const width = scaled(item.value, scale);
    return {
      label: item.label,
      text: item.text,
      labelY: index * ROW + 14,
      y: index * ROW + 20,
      width,
      partWidth: item.part ? scaled(item.part, scale) : 0,
      trackWidth: item.max !== undefined ? PLOT : 0,
      textX: (item.max !== undefined ? PLOT : width) + 8,
    };
  });
  return { id: input.id, title: input.title, desc: input.desc, width: WIDTH, height: Math.max(ROW, bars.length * ROW), barHeight: BAR, bars, head: input.head, rows: input.rows };
}

/** Replies per day and their running total, days in order. */
export function repliesOverTime(days: string[]): { day: string; count: number; total: number }[] {
  const counts = new Map<string, number>();
  for (const day of days) {
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  let total = 0;
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, count]) => {
      total += count;
      return { day, count, total };
    });
}
