import { zonedToInstant, zoneOffsetMs } from '../zoned-time.ts';

/**
 * When held events become a notification. Pure: the stage passes what is pending and when the rule
 * last notified; this says what to send now. One burst yields one alert: the first event goes out at
 * once, the rest of the burst waits out the cool-down and then goes out together.
 */
export interface PlanRule {
  mode: 'immediate' | 'digest';
  cooldownMinutes: number;
  digestAt: string;
}

export interface PendingGroup {
  subject: string;
  eventIds: number[];
  /** When the oldest of them was detected. */
  firstDetectedAt: Date;
  /** When this rule last notified about this subject (immediate) or last sent its digest. */
  lastNotifiedAt: Date | null;
}

export interface PlannedNotification {
  /** The subject, or "*" for a digest that carries every subject of the rule. */
  subject: string;
  mode: 'immediate' | 'digest';
  eventIds: number[];
}

export function planNotifications(rule: PlanRule, pending: PendingGroup[], now: Date, timezone: string): PlannedNotification[] {
  if (rule.mode === 'digest') {
    const events = pending.flatMap((g) => g.eventIds);
    if (!events.length) return [];
    const due = digestDueAt(rule.digestAt, now, timezone);
    const last = pending.reduce<Date | null>((a, g) => (g.lastNotifiedAt && (!a || g.lastNotifiedAt > a) ? g.lastNotifiedAt : a), null);
    const oldest = Math.min(...pending.map((g) => g.firstDetectedAt.getTime()));
    // The latest digest time has passed, no digest went out since, and something was waiting for it.
    if ((last && last >= due) || oldest > due.getTime()) return [];
    return [{ subject: '*', mode: 'digest', eventIds: events.sort((a, b) => a - b) }];
  }
  const cooldownMs = rule.cooldownMinutes * 60_000;
  return pending
    .filter((g) => g.eventIds.length && (!g.lastNotifiedAt || now.getTime() - g.lastNotifiedAt.getTime() >= cooldownMs))
    .map((g) => ({ subject: g.subject, mode: 'immediate' as const, eventIds: [...g.eventIds].sort((a, b) => a - b) }));
}

/** The latest digest time (HH:MM in the zone) at or before `now`. */
export function digestDueAt(hhmm: string, now: Date, timezone: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const local = new Date(now.getTime() + zoneOffsetMs(now.getTime(), timezone));
  const today = zonedToInstant(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), h, m, 0, timezone);
  return today <= now ? today : new Date(today.getTime() - 86_400_000);
}
