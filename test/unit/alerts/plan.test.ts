import { describe, expect, it } from 'vitest';
import { digestDueAt, planNotifications, type PendingGroup } from '../../../src/alerts/plan.ts';
import { zonedToInstant } from '../../../src/zoned-time.ts';

const TZ = 'Asia/Jakarta';
const at = (d: number, h: number, m = 0) => zonedToInstant(2026, 12, d, h, m, 0, TZ);

/**
 * Simulated days: events arrive as `arrivals` say, the planner is asked every minute, and whatever it
 * plans is "sent" (the pending events marked, the subject's last notification moved). Returns what went out.
 */
function simulate(rule: Parameters<typeof planNotifications>[0], arrivals: Array<{ at: Date; subject: string }>, from: Date, to: Date) {
  const pending = new Map<string, Array<{ id: number; at: Date }>>();
  const last = new Map<string, Date>();
  const sent: Array<{ at: Date; subject: string; events: number }> = [];
  let next = 0;
  const queue = [...arrivals].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let t = from.getTime(); t <= to.getTime(); t += 60_000) {
    while (next < queue.length && queue[next]!.at.getTime() <= t) {
      const e = queue[next++]!;
      pending.set(e.subject, [...(pending.get(e.subject) ?? []), { id: next, at: e.at }]);
    }
    const groups: PendingGroup[] = [...pending].map(([subject, events]) => ({
      subject,
      eventIds: events.map((e) => e.id),
      firstDetectedAt: events[0]!.at,
      lastNotifiedAt: last.get(rule.mode === 'digest' ? '*' : subject) ?? null,
    }));
    for (const p of planNotifications(rule, groups, new Date(t), TZ)) {
      sent.push({ at: new Date(t), subject: p.subject, events: p.eventIds.length });
      last.set(p.subject, new Date(t));
      if (p.subject === '*') pending.clear();
      else pending.delete(p.subject);
    }
  }
  return sent;
}

describe('planNotifications', () => {
  it('turns a burst of fifty into one alert, then one summary after the cool-down', () => {
    const burst = Array.from({ length: 50 }, (_, i) => ({ at: at(2, 9, Math.floor(i / 5)), subject: 'flagged' }));
    const sent = simulate({ mode: 'immediate', cooldownMinutes: 30, digestAt: '07:00' }, burst, at(2, 8), at(2, 12));
    expect(sent).toEqual([
      { at: at(2, 9, 0), subject: 'flagged', events: 5 },
      { at: at(2, 9, 30), subject: 'flagged', events: 45 },
    ]);
  });

  it('keeps cool-downs per subject: a spike on another topic is not held back', () => {
    const sent = simulate(
      { mode: 'immediate', cooldownMinutes: 60, digestAt: '07:00' },
      [
        { at: at(2, 10), subject: 'topic:penipuan online' },
        { at: at(2, 10, 20), subject: 'topic:bencana' },
        { at: at(2, 10, 40), subject: 'topic:penipuan online' },
      ],
      at(2, 9),
      at(2, 13),
    );
    expect(sent.map((s) => [s.at, s.subject, s.events])).toEqual([
      [at(2, 10), 'topic:penipuan online', 1],
      [at(2, 10, 20), 'topic:bencana', 1],
      [at(2, 11), 'topic:penipuan online', 1],
    ]);
  });

  it('sends a digest once a day at its time, with everything since the last one, and nothing on an empty day', () => {
    const arrivals = [
      { at: at(1, 22), subject: 'source:a' },
      { at: at(2, 3), subject: 'source:b' },
      { at: at(2, 7, 30), subject: 'source:a' }, // after the digest: tomorrow's
      { at: at(2, 18), subject: 'source:c' },
    ];
    const sent = simulate({ mode: 'digest', cooldownMinutes: 60, digestAt: '07:00' }, arrivals, at(1, 12), at(4, 12));
    expect(sent).toEqual([
      { at: at(2, 7), subject: '*', events: 2 },
      { at: at(3, 7), subject: '*', events: 2 },
    ]);
  });

  it('finds the digest time of the current day, or of the day before when it has not come yet', () => {
    expect(digestDueAt('07:00', at(2, 6, 59), TZ)).toEqual(at(1, 7));
    expect(digestDueAt('07:00', at(2, 7), TZ)).toEqual(at(2, 7));
    expect(digestDueAt('23:30', at(2, 23, 45), TZ)).toEqual(at(2, 23, 30));
  });
});
