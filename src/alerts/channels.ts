import { fetch } from 'undici';
import { ConfigError, SaringError } from '../errors.ts';
import { DEFAULT_USER_AGENT } from '../fetch/http-client.ts';
import type { AlertChannel } from '../pipeline/define.ts';

/** A notification as it leaves Saring. */
export interface OutgoingAlert {
  pipeline: string;
  unit: string;
  ruleId: string;
  ruleKind: string;
  mode: 'immediate' | 'digest';
  title: string;
  body: string;
  createdAt: Date;
  events: Array<{ subject: string; title: string; detail: string; link: string | null; occurred_at: Date }>;
}

export interface ChannelEnv {
  /** smtp(s)://user:pass@host:port — from SARING_SMTP_URL, never from a pipeline file. */
  smtpUrl: string | undefined;
  emailFrom: string;
  /** The process environment, where webhook tokens live under the names the pipeline gives. */
  env: NodeJS.ProcessEnv;
  /** One attempt's limit. (Default: 15 000 ms) */
  timeoutMs?: number;
}

export class DeliveryError extends SaringError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DELIVERY_FAILED', message, options);
  }
}

/** Sends one notification through one channel; throws DeliveryError (or ConfigError for a missing secret) naming the channel. */
export async function deliver(channel: AlertChannel, alert: OutgoingAlert, ce: ChannelEnv): Promise<void> {
  const timeoutMs = ce.timeoutMs ?? 15_000;
  if (channel.kind === 'email') {
    if (!ce.smtpUrl) throw new ConfigError(`kanal "${channel.id}": SARING_SMTP_URL belum diisi (smtp://user:password@host:port)`);
    // Loaded here, by the one process that sends mail, not by every start that may.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({ url: ce.smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    try {
      await transport.sendMail({ from: ce.emailFrom, to: channel.to, subject: `[Saring] ${alert.title}`, text: alert.body });
    } catch (err) {
      throw new DeliveryError(`kanal "${channel.id}": SMTP: ${(err as Error).message}`, { cause: err });
    } finally {
      transport.close();
    }
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': DEFAULT_USER_AGENT };
  if (channel.tokenEnv) {
    const token = ce.env[channel.tokenEnv];
    if (!token) throw new ConfigError(`kanal "${channel.id}": variabel lingkungan ${channel.tokenEnv} belum diisi`);
    headers.authorization = `Bearer ${token}`;
  }
  let status: number;
  try {
    const res = await fetch(channel.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(webhookPayload(alert)),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `tidak ada jawaban dalam ${timeoutMs} ms` : ((e.cause as Error | undefined)?.message ?? e.message);
    throw new DeliveryError(`kanal "${channel.id}": POST ${channel.url}: ${why}`, { cause: err });
  }
  if (status < 200 || status > 299) throw new DeliveryError(`kanal "${channel.id}": POST ${channel.url}: HTTP ${status}`);
}

/** The webhook's JSON: the text ready to forward (Telegram, WhatsApp) and the events for machines. */
export function webhookPayload(a: OutgoingAlert) {
  return {
    source: 'saring',
    pipeline: a.pipeline,
    unit: a.unit,
    rule: { id: a.ruleId, kind: a.ruleKind },
    mode: a.mode,
    title: a.title,
    text: a.body,
    created_at: a.createdAt.toISOString(),
    events: a.events.map((e) => ({ subject: e.subject, title: e.title, detail: e.detail, link: e.link, occurred_at: e.occurred_at.toISOString() })),
  };
}
