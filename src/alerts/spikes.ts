import { zoneOffsetMs } from '../zoned-time.ts';

/** Flagged items per subject ("topic:penipuan", "unit:Polres Belitung Timur") and local hour ("2026-12-02T10"). */
export type HourlyCounts = Map<string, Map<string, number>>;

export interface Spike {
  subject: string;
  hour: string;
  count: number;
  /** Mean of the same hour over the baseline days. */
  baseline: number;
}

/** The local hour an instant falls in, as SQL's to_char(… at time zone tz, 'YYYY-MM-DD"T"HH24') writes it. */
export function localHourKey(at: Date, timezone: string): string {
  const local = new Date(at.getTime() + zoneOffsetMs(at.getTime(), timezone));
  return local.toISOString().slice(0, 13);
}

/**
 * This hour against the same hour of the previous `days` days: a spike has at least `minCount`
 * items and at least `factor` times the baseline (a baseline of zero counts as one, so a quiet topic
 * needs minCount items, not one). Comparing like hours keeps the morning rush from looking like a spike.
 */
export function detectSpikes(counts: HourlyCounts, now: Date, timezone: string, opts: { minCount: number; factor: number; days?: number }): Spike[] {
  const days = opts.days ?? 7;
  const hour = localHourKey(now, timezone);
  const previous = Array.from({ length: days }, (_, k) => localHourKey(new Date(now.getTime() - (k + 1) * 86_400_000), timezone));
  const spikes: Spike[] = [];
  for (const [subject, byHour] of counts) {
    const count = byHour.get(hour) ?? 0;
    if (count < opts.minCount) continue;
    const baseline = previous.reduce((a, h) => a + (byHour.get(h) ?? 0), 0) / days;
    if (count >= opts.factor * Math.max(baseline, 1)) spikes.push({ subject, hour, count, baseline });
  }
  return spikes.sort((a, b) => b.count - a.count || a.subject.localeCompare(b.subject));
}
