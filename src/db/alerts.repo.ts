import { sql, type Kysely, type Transaction } from 'kysely';
import type { PendingGroup } from '../alerts/plan.ts';
import type { AlertChannel } from '../pipeline/define.ts';
import type { Database, DeliveryStatus } from './schema.ts';

/** What the flagged and resurfaced detectors read of an item. */
export interface AlertItem {
  id: number;
  title: string | null;
  text: string;
  url: string | null;
  source_name: string;
  fetched_at: Date;
  priority: number;
  topics: string[];
  police_units: string[];
}

/** Flagged cluster roots at or above a priority, first seen in (since, now]; the latest classification of each. */
export async function flaggedItems(db: Kysely<Database>, o: { pipeline: string; since: Date; now: Date; minPriority: number }): Promise<AlertItem[]> {
  const r = await sql<AlertItem>`
    select * from (
      select distinct on (i.id) i.id, i.title, left(i.text, 600) as text, i.url, s.name as source_name, i.fetched_at, c.priority, c.topics, c.police_units
      from classifications c join items i on i.id = c.item_id join sources s on s.id = i.source_id
      where s.pipeline = ${o.pipeline} and c.flagged and c.priority >= ${o.minPriority} and i.duplicate_of is null
        and i.fetched_at > ${o.since} and i.fetched_at <= ${o.now}
      order by i.id, c.classified_at desc) x
    order by priority desc, id limit 500`.execute(db);
  return r.rows;
}

/** Flagged cluster roots per topic ("topic:…") and police unit ("unit:…") per local hour, first seen in (since, now]. */
export async function flaggedPerHour(
  db: Kysely<Database>,
  o: { pipeline: string; timezone: string; since: Date; now: Date },
): Promise<Array<{ subject: string; hour: string; n: number }>> {
  const r = await sql<{ subject: string; hour: string; n: number }>`
    select x.subject, to_char(i.fetched_at at time zone ${o.timezone}, 'YYYY-MM-DD"T"HH24') as hour, count(distinct i.id)::int as n
    from classifications c join items i on i.id = c.item_id join sources s on s.id = i.source_id
    cross join lateral (select 'topic:' || t from unnest(c.topics) t union select 'unit:' || u from unnest(c.police_units) u) as x(subject)
    where s.pipeline = ${o.pipeline} and c.flagged and i.duplicate_of is null and i.fetched_at > ${o.since} and i.fetched_at <= ${o.now}
    group by 1, 2`.execute(db);
  return r.rows;
}

export interface ResurfacedItem extends AlertItem {
  debunk_url: string;
  debunk_title: string | null;
  debunk_at: Date;
  score: number;
}

/**
 * Items first seen in (since, now] that match a debunk published at least `minAgeDays` before them:
 * an old hoax circulating again. Fact-checkers' own items are left out (they match themselves).
 */
export async function resurfacedItems(
  db: Kysely<Database>,
  o: { pipeline: string; since: Date; now: Date; minScore: number; minAgeDays: number; factCheckSources: string[] },
): Promise<ResurfacedItem[]> {
  const r = await sql<ResurfacedItem>`
    select distinct on (i.id) i.id, i.title, left(i.text, 600) as text, i.url, s.name as source_name, i.fetched_at, c.priority, c.topics, c.police_units,
      m.url as debunk_url, m.title as debunk_title, coalesce(d.published_at, d.fetched_at) as debunk_at, m.score
    from classifications c join items i on i.id = c.item_id join sources s on s.id = i.source_id
    cross join lateral jsonb_to_recordset(c.claim_matches) as m(url text, title text, score float8)
    join items d on d.url = m.url and d.source_id = any(${o.factCheckSources}::text[])
    where s.pipeline = ${o.pipeline} and i.source_id <> all(${o.factCheckSources}::text[]) and i.duplicate_of is null
      and i.fetched_at > ${o.since} and i.fetched_at <= ${o.now} and m.score >= ${o.minScore}
      and coalesce(d.published_at, d.fetched_at) <= i.fetched_at - make_interval(days => ${o.minAgeDays})
    order by i.id, m.score desc
    limit 500`.execute(db);
  return r.rows.map((x) => ({ ...x, score: Number(x.score) }));
}

export interface HlbkItem extends AlertItem {
  case_id: number;
  case_title: string;
  verdict: string | null;
  decided_at: Date | null;
  link_score: number;
}

/** Items the classifier linked in (since, now] to a case the desk decided (HLBK, the automatic tier). */
export async function hlbkLinkedItems(db: Kysely<Database>, o: { pipeline: string; since: Date; now: Date }): Promise<HlbkItem[]> {
  const r = await sql<HlbkItem>`
    select distinct on (i.id) i.id, i.title, left(i.text, 600) as text, i.url, s.name as source_name, i.fetched_at, c.priority, c.topics, c.police_units,
      k.id as case_id, k.title as case_title, k.verdict, k.decided_at, ci.link_score
    from case_items ci join cases k on k.id = ci.case_id join items i on i.id = ci.item_id join sources s on s.id = i.source_id
    join classifications c on c.item_id = i.id
    where ci.link = 'hlbk' and s.pipeline = ${o.pipeline} and ci.added_at > ${o.since} and ci.added_at <= ${o.now}
    order by i.id, c.classified_at desc
    limit 500`.execute(db);
  return r.rows.map((x) => ({ ...x, link_score: Number(x.link_score) }));
}

export interface NewAlertEvent {
  eventKey: string;
  subject: string;
  title: string;
  detail: string;
  link: string | null;
  occurredAt: Date;
}

/** Records what a rule detected; an event already recorded (same rule and key) is left alone. Returns how many were new. */
export async function recordEvents(db: Kysely<Database>, pipeline: string, ruleId: string, events: NewAlertEvent[], detectedAt: Date): Promise<number> {
  if (!events.length) return 0;
  const r = await db
    .insertInto('alert_events')
    .values(
      events.map((e) => ({
        pipeline,
        rule_id: ruleId,
        event_key: e.eventKey.slice(0, 500),
        subject: e.subject.slice(0, 300),
        title: e.title.slice(0, 500),
        detail: e.detail.slice(0, 2_000),
        link: e.link,
        occurred_at: e.occurredAt,
        detected_at: detectedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['pipeline', 'rule_id', 'event_key']).doNothing())
    .returning('id')
    .execute();
  return r.length;
}

/** A rule's events not yet sent, by subject, with when the rule last notified about each subject. */
export async function pendingEvents(db: Kysely<Database>, pipeline: string, ruleId: string): Promise<PendingGroup[]> {
  const r = await sql<{ subject: string; ids: Array<number | string>; first: Date; last: Date | null }>`
    select e.subject, array_agg(e.id order by e.id) as ids, min(e.detected_at) as first,
      (select max(n.created_at) from alert_notifications n where n.pipeline = e.pipeline and n.rule_id = e.rule_id and n.subject in (e.subject, '*')) as last
    from alert_events e
    where e.pipeline = ${pipeline} and e.rule_id = ${ruleId} and e.notification_id is null
    group by e.pipeline, e.rule_id, e.subject`.execute(db);
  return r.rows.map((x) => ({
    subject: x.subject,
    eventIds: x.ids.map(Number),
    firstDetectedAt: new Date(x.first),
    lastNotifiedAt: x.last ? new Date(x.last) : null,
  }));
}

export async function eventsByIds(db: Kysely<Database>, ids: number[]) {
  return db.selectFrom('alert_events').selectAll().where('id', 'in', ids).orderBy('occurred_at').orderBy('id').execute();
}

export async function notificationEvents(db: Kysely<Database>, notificationId: number) {
  return db.selectFrom('alert_events').selectAll().where('notification_id', '=', notificationId).orderBy('occurred_at').orderBy('id').execute();
}

/** A notification carrying these events, with one pending delivery per channel; in the caller's transaction. */
export async function createNotification(
  tx: Transaction<Database>,
  n: {
    pipeline: string;
    ruleId: string;
    subject: string;
    mode: 'immediate' | 'digest';
    title: string;
    body: string;
    eventIds: number[];
    channels: AlertChannel[];
    at: Date;
  },
): Promise<number> {
  const { id } = await tx
    .insertInto('alert_notifications')
    .values({
      pipeline: n.pipeline,
      rule_id: n.ruleId,
      subject: n.subject,
      mode: n.mode,
      title: n.title,
      body: n.body,
      event_count: n.eventIds.length,
      created_at: n.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('alert_events').set({ notification_id: id }).where('id', 'in', n.eventIds).execute();
  if (n.channels.length) {
    await tx
      .insertInto('alert_deliveries')
      .values(n.channels.map((c) => ({ notification_id: id, channel_id: c.id, channel_kind: c.kind, next_attempt_at: n.at })))
      .execute();
  }
  return id;
}

export interface DueDelivery {
  id: number;
  channel_id: string;
  attempts: number;
  notification_id: number;
  rule_id: string;
  mode: 'immediate' | 'digest';
  title: string;
  body: string;
  created_at: Date;
}

/** Deliveries of a pipeline waiting for their (next) attempt at `now`. */
export async function dueDeliveries(db: Kysely<Database>, pipeline: string, now: Date, limit = 100): Promise<DueDelivery[]> {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_notifications as n', 'n.id', 'd.notification_id')
    .select(['d.id', 'd.channel_id', 'd.attempts', 'd.notification_id', 'n.rule_id', 'n.mode', 'n.title', 'n.body', 'n.created_at'])
    .where('n.pipeline', '=', pipeline)
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .execute();
}

export async function recordAttempt(
  db: Kysely<Database>,
  id: number,
  o: { status: DeliveryStatus; attempts: number; at: Date; error?: string; nextAttemptAt?: Date },
): Promise<void> {
  await db
    .updateTable('alert_deliveries')
    .set({
      status: o.status,
      attempts: o.attempts,
      last_error: o.error?.slice(0, 2_000) ?? null,
      ...(o.status === 'sent' ? { sent_at: o.at } : {}),
      ...(o.nextAttemptAt ? { next_attempt_at: o.nextAttemptAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The latest notifications with their deliveries, for the Peringatan page. */
export async function recentNotifications(db: Kysely<Database>, pipeline: string, limit = 100) {
  const notes = await db
    .selectFrom('alert_notifications')
    .selectAll()
    .where('pipeline', '=', pipeline)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const deliveries = notes.length
    ? await db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where(
          'notification_id',
          'in',
          notes.map((n) => n.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return notes.map((n) => ({ ...n, deliveries: deliveries.filter((d) => d.notification_id === n.id) }));
}
