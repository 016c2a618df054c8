import type { AlertRule } from '../pipeline/define.ts';
import { formatTime } from '../zoned-time.ts';

/** Rule kinds as the team names them. */
export const RULE_LABEL: Record<AlertRule['kind'], string> = {
  flagged: 'butir prioritas tinggi',
  spike: 'lonjakan butir bertanda',
  resurfaced: 'hoaks lama beredar kembali',
  source: 'kesehatan sumber',
};

export interface MessageEvent {
  title: string;
  detail: string;
  link: string | null;
  occurred_at: Date;
}

/** Events listed in one message; the rest are counted. */
const MAX_LISTED = 20;

/**
 * The text of a notification, in Indonesian: one event reads as itself; a burst or a digest lists
 * its events, newest last, and says how the cool-down works so nobody wonders where the rest went.
 */
export function composeNotification(o: { unit: string; rule: AlertRule; mode: 'immediate' | 'digest'; events: MessageEvent[]; timezone: string; at: Date }): {
  title: string;
  body: string;
} {
  const n = o.events.length;
  const label = RULE_LABEL[o.rule.kind];
  const title =
    o.mode === 'digest'
      ? `Ringkasan harian ${label}: ${n} peringatan`
      : n === 1
        ? o.events[0]!.title
        : `${n} peringatan ${label}, pertama: ${o.events[0]!.title}`;
  const listed = o.events
    .slice(0, MAX_LISTED)
    .map((e, i) =>
      [`${i + 1}. ${e.title}`, e.detail && `   ${e.detail}`, `   Waktu: ${formatTime(e.occurred_at, o.timezone)}`, e.link && `   ${e.link}`]
        .filter(Boolean)
        .join('\n'),
    );
  const more = n > MAX_LISTED ? [`… dan ${n - MAX_LISTED} peringatan lain.`] : [];
  const footer =
    o.mode === 'digest'
      ? `Ringkasan ini dikirim sekali sehari pukul ${o.rule.digestAt}.`
      : o.rule.cooldownMinutes
        ? `Peringatan sejenis berikutnya ditahan ${o.rule.cooldownMinutes} menit, lalu dikirim bersama.`
        : '';
  const body = [
    `Saring — ${o.unit}`,
    `Aturan: ${label} (${o.rule.id})`,
    '',
    ...listed,
    ...more,
    '',
    `Dikirim ${formatTime(o.at, o.timezone)}. ${footer}`.trim(),
    'Tinjau di meja analis Saring sebelum menindaklanjuti.',
  ].join('\n');
  return { title: title.length > 200 ? `${title.slice(0, 199)}…` : title, body };
}
