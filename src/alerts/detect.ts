import type { Kysely } from 'kysely';
import { flaggedItems, flaggedPerHour, hlbkLinkedItems, resurfacedItems, type AlertItem, type NewAlertEvent } from '../db/alerts.repo.ts';
import type { Database } from '../db/schema.ts';
import { healthLedger } from '../health/ledger.ts';
import { HEALTH_LABEL } from '../health/source-health.ts';
import { truncate } from '../ingest/text.ts';
import type { AlertRule, Pipeline } from '../pipeline/define.ts';
import { formatTime } from '../zoned-time.ts';
import { detectSpikes, type HourlyCounts } from './spikes.ts';

const DAY = 86_400_000;
/** Items first seen this long ago are still looked at (events are keyed, so a second look adds nothing). */
const ITEM_LOOKBACK_MS = DAY;

export type DetectPipeline = Pick<Pipeline, 'name' | 'timezone' | 'health' | 'sources'>;

/**
 * What one rule sees at `now`, as events with stable keys: evaluating the same state again yields the
 * same keys, which the events table already holds. Each event's subject is what its cool-down is per.
 */
export async function detectEvents(db: Kysely<Database>, pipeline: DetectPipeline, rule: AlertRule, now: Date): Promise<NewAlertEvent[]> {
  const since = new Date(now.getTime() - ITEM_LOOKBACK_MS);
  switch (rule.kind) {
    case 'flagged': {
      const items = await flaggedItems(db, { pipeline: pipeline.name, since, now, minPriority: rule.minPriority });
      // One subject for the whole rule: a burst of flagged items is one alert, not one per item.
      return items.map((i) => ({
        eventKey: `item:${i.id}`,
        subject: 'flagged',
        title: `Prioritas ${Math.round(i.priority * 100)}: ${headline(i)}`,
        detail: describeItem(i),
        link: i.url,
        occurredAt: new Date(i.fetched_at),
      }));
    }
    case 'spike': {
      const rows = await flaggedPerHour(db, { pipeline: pipeline.name, timezone: pipeline.timezone, since: new Date(now.getTime() - 8 * DAY), now });
      const counts: HourlyCounts = new Map();
      for (const r of rows) {
        if (!rule.by.some((b) => r.subject.startsWith(`${b}:`))) continue;
        const m = counts.get(r.subject) ?? new Map<string, number>();
        m.set(r.hour, r.n);
        counts.set(r.subject, m);
      }
      return detectSpikes(counts, now, pipeline.timezone, rule).map((s) => ({
        eventKey: `${s.subject}@${s.hour}`,
        subject: s.subject,
        title: `Lonjakan ${s.subject.startsWith('topic:') ? `topik ${s.subject.slice(6)}` : `butir menyebut ${s.subject.slice(5)}`}: ${s.count} butir bertanda dalam jam ini`,
        detail: `jam ${s.hour.slice(11)}.00–${s.hour.slice(11)}.59; rata-rata 7 hari terakhir pada jam yang sama: ${s.baseline.toLocaleString('id-ID', { maximumFractionDigits: 1 })}`,
        link: null,
        occurredAt: now,
      }));
    }
    case 'resurfaced': {
      // Claims fact-checkers debunked at least minAgeDays ago, and claims the desk decided (HLBK links).
      const factCheckSources = pipeline.sources.filter((s) => s.factCheck).map((s) => s.id);
      const [items, linked] = await Promise.all([
        factCheckSources.length
          ? resurfacedItems(db, { pipeline: pipeline.name, since, now, minScore: rule.minScore, minAgeDays: rule.minAgeDays, factCheckSources })
          : [],
        hlbkLinkedItems(db, { pipeline: pipeline.name, since, now }),
      ]);
      // One subject for the rule, as for flagged items: a wave of recycled claims is one alert.
      // An item both linked and matching a debunk is reported once, by its link.
      const events = new Map<string, NewAlertEvent>();
      const add = (i: AlertItem, detail: string) => {
        if (!events.has(`item:${i.id}`)) {
          events.set(`item:${i.id}`, {
            eventKey: `item:${i.id}`,
            subject: 'resurfaced',
            title: `Hoaks lama beredar kembali: ${headline(i)}`,
            detail,
            link: i.url,
            occurredAt: new Date(i.fetched_at),
          });
        }
      };
      for (const i of linked) {
        add(
          i,
          `ditautkan ke kasus #${i.case_id} "${truncate(i.case_title, 160)}" (${i.verdict ?? 'tanpa putusan'}, diputuskan ${formatTime(i.decided_at, pipeline.timezone)}, skor ${i.link_score.toFixed(2)}); ${describeItem(i)}`,
        );
      }
      for (const i of items) {
        add(
          i,
          `mirip "${truncate(i.debunk_title ?? i.debunk_url, 160)}" (dibantah ${formatTime(i.debunk_at, pipeline.timezone)}, skor ${i.score.toFixed(2)}), ${i.debunk_url}; ${describeItem(i)}`,
        );
      }
      return [...events.values()];
    }
    case 'source': {
      const rows = await healthLedger(db, pipeline, now);
      return rows
        .filter((r) => (rule.states as string[]).includes(r.health.state))
        .map((r) => {
          // One event per episode: a failure streak since the last success, a silence since the last new item.
          const since = r.health.state === 'failing' ? r.health.lastSuccessAt : r.health.silentSince;
          return {
            eventKey: `${r.id}:${r.health.state}:${since?.toISOString() ?? 'never'}`,
            subject: `source:${r.id}`,
            title: `Sumber ${r.name} ${HEALTH_LABEL[r.health.state]}`,
            detail: `${r.health.reason}${r.health.lastError ? `; galat terakhir: ${truncate(r.health.lastError.message ?? '', 300)}` : ''}`,
            link: null,
            occurredAt: now,
          };
        });
    }
  }
}

function headline(i: AlertItem): string {
  return truncate((i.title ?? i.text).replace(/\s+/g, ' ').trim(), 140);
}

function describeItem(i: AlertItem): string {
  const parts = [`butir #${i.id} dari ${i.source_name}`];
  if (i.topics.length) parts.push(`topik: ${i.topics.join(', ')}`);
  if (i.police_units.length) parts.push(`menyebut: ${i.police_units.join(', ')}`);
  return parts.join('; ');
}
