import type { Kysely } from 'kysely';
import { createNotification, dueDeliveries, eventsByIds, notificationEvents, pendingEvents, recordAttempt, recordEvents } from '../db/alerts.repo.ts';
import type { Database } from '../db/schema.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Pipeline } from '../pipeline/define.ts';
import { deliver, type ChannelEnv } from './channels.ts';
import { detectEvents } from './detect.ts';
import { composeNotification } from './message.ts';
import { planNotifications } from './plan.ts';

export interface AlertDeps {
  db: Kysely<Database>;
  pipeline: Pick<Pipeline, 'name' | 'title' | 'timezone' | 'health' | 'sources' | 'alerts'>;
  log: Logger;
  channels: Omit<ChannelEnv, 'emailFrom'>;
}

export interface AlertRunSummary {
  detected: number;
  notifications: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** A delivery is tried this many times, waiting 1, 2, 4, 8 and 16 minutes in between, then given up (and stays on the Peringatan page). */
export const MAX_DELIVERY_ATTEMPTS = 6;
const RETRY_BASE_MS = 60_000;

/**
 * One evaluation at `now`: each rule detects, new events are recorded, held events that are due
 * (cool-down over, digest time reached) become notifications, and due deliveries are attempted. A
 * failing rule or channel is logged and the others go on. Safe to run again at any point: events are
 * keyed, and a notification and its deliveries are written in one transaction.
 */
export async function runAlerts(deps: AlertDeps, now = new Date()): Promise<AlertRunSummary> {
  const { db, pipeline, log } = deps;
  const summary: AlertRunSummary = { detected: 0, notifications: 0, sent: 0, retrying: 0, failed: 0 };
  for (const rule of pipeline.alerts.rules) {
    try {
      summary.detected += await recordEvents(db, pipeline.name, rule.id, await detectEvents(db, pipeline, rule, now), now);
      const channels = pipeline.alerts.channels.filter((c) => rule.channels.includes(c.id));
      for (const planned of planNotifications(rule, await pendingEvents(db, pipeline.name, rule.id), now, pipeline.timezone)) {
        const events = await eventsByIds(db, planned.eventIds);
        const text = composeNotification({ unit: pipeline.title, rule, mode: planned.mode, events, timezone: pipeline.timezone, at: now });
        const notification = {
          pipeline: pipeline.name,
          ruleId: rule.id,
          subject: planned.subject,
          mode: planned.mode,
          ...text,
          eventIds: planned.eventIds,
          channels,
          at: now,
        };
        await db.transaction().execute((tx) => createNotification(tx, notification));
        summary.notifications++;
      }
    } catch (err) {
      log.error({ err, rule_id: rule.id }, `alert rule "${rule.id}" could not be evaluated: ${describeError(err).message}`);
    }
  }
  await deliverDue(deps, now, summary);
  if (summary.detected || summary.notifications || summary.sent || summary.failed || summary.retrying) {
    log.info(
      { ...summary },
      `alerts: ${summary.detected} new event(s), ${summary.notifications} notification(s), ${summary.sent} sent, ${summary.retrying} to retry, ${summary.failed} given up`,
    );
  }
  return summary;
}

async function deliverDue(deps: AlertDeps, now: Date, summary: AlertRunSummary): Promise<void> {
  const { db, pipeline, log } = deps;
  for (const d of await dueDeliveries(db, pipeline.name, now)) {
    const channel = pipeline.alerts.channels.find((c) => c.id === d.channel_id);
    const rule = pipeline.alerts.rules.find((r) => r.id === d.rule_id);
    const attempts = d.attempts + 1;
    try {
      if (!channel) throw new Error(`kanal "${d.channel_id}" tidak ada lagi di pipeline`);
      const events = await notificationEvents(db, d.notification_id);
      await deliver(
        channel,
        {
          pipeline: pipeline.name,
          unit: pipeline.title,
          ruleId: d.rule_id,
          ruleKind: rule?.kind ?? 'unknown',
          mode: d.mode,
          title: d.title,
          body: d.body,
          createdAt: d.created_at,
          events,
        },
        { ...deps.channels, emailFrom: pipeline.alerts.emailFrom },
      );
      await recordAttempt(db, d.id, { status: 'sent', attempts, at: now });
      summary.sent++;
    } catch (err) {
      const message = describeError(err).message;
      const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
      const nextAttemptAt = new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1));
      await recordAttempt(db, d.id, { status: giveUp ? 'failed' : 'pending', attempts, at: now, error: message, ...(giveUp ? {} : { nextAttemptAt }) });
      if (giveUp) summary.failed++;
      else summary.retrying++;
      log.warn(
        { delivery_id: d.id, channel_id: d.channel_id, attempts, err_message: message },
        `alert delivery #${d.id} failed (attempt ${attempts} of ${MAX_DELIVERY_ATTEMPTS}): ${message}`,
      );
    }
  }
}
