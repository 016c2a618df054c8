import { runAlerts } from '../alerts/stage.ts';
import { withRuntime, type CliContext } from './context.ts';

/** `saring alerts check`: one evaluation now, for deployments that schedule it themselves and for checking a configuration. */
export async function alertsCheckCommand(ctx: CliContext, opts: { pipeline?: string }): Promise<void> {
  await withRuntime(ctx, opts, async (rt) => {
    if (!rt.pipeline.alerts.rules.length) return ctx.out(`pipeline "${rt.pipeline.name}" has no alert rules (alerts.rules)`);
    const s = await runAlerts(rt.alerts());
    ctx.out(`alerts: ${s.detected} new event(s), ${s.notifications} notification(s), ${s.sent} delivered, ${s.retrying} to retry, ${s.failed} given up`);
  });
}
