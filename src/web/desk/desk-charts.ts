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
  /** Lengths on a 0–100 scale, the SVG's own width. */
  width: number;
  partWidth: number;
  /** Whether the bar has a scale of its own (a visit's seats), drawn as a track behind it. */
  track: boolean;
}

/** What the chart partial draws: one SVG bar per row under its label, and the same figures as a table. */
export interface Chart {
  id: string;
  title: string;
  desc: string;
  bars: ChartBar[];
  head: string[];
  rows: string[][];
}

function scaled(value: number, scale: number): number {
  return scale > 0 ? Math.round((Math.min(value, scale) / scale) * 1000) / 10 : 0;
}

/**
 * A horizontal bar chart. Labels and figures are HTML text above each bar, so long French or
 * Korean titles wrap on a phone and stay at reading size; the bars alone are SVG.
 */
export function barChart(input: { id: string; title: string; desc: string; items: ChartItem[]; head: string[]; rows: string[][] }): Chart {
  const largest = Math.max(0, ...input.items.map((item) => item.value));
  const bars = input.items.map((item): ChartBar => {
    const scale = item.max ?? largest;
    return {
      label: item.label,
      text: item.text,
      width: scaled(item.value, scale),
      partWidth: item.part ? scaled(item.part, scale) : 0,
      track: item.max !== undefined,
    };
  });
  return { id: input.id, title: input.title, desc: input.desc, bars, head: input.head, rows: input.rows };
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
