/**
 * Per-host politeness: at most `concurrency` requests in flight to one host, and request starts at
 * least `minIntervalMs` apart. Hosts are independent, so a slow site never delays the others.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, { active: number; nextStart: number; waiting: Array<() => void> }>();

  constructor(private readonly opts: { concurrency: number; minIntervalMs: number }) {}

  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await fn();
    } finally {
      this.release(host);
    }
  }

  private state(host: string) {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, nextStart: 0, waiting: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  private async acquire(host: string): Promise<void> {
    const s = this.state(host);
    if (s.active >= this.opts.concurrency) {
      // release() hands its slot straight to us, so a newcomer cannot slip in between.
      await new Promise<void>((resolve) => s.waiting.push(resolve));
    } else {
      s.active++;
    }
    // Reserve the next start slot before waiting, so concurrent callers queue behind each other.
    const now = Date.now();
    const start = Math.max(now, s.nextStart);
    s.nextStart = start + this.opts.minIntervalMs;
    if (start > now) await new Promise((r) => setTimeout(r, start - now));
  }

  private release(host: string): void {
    const s = this.state(host);
    const next = s.waiting.shift();
    if (next) return next();
    s.active--;
    if (s.active === 0 && s.nextStart <= Date.now()) this.hosts.delete(host);
  }
}
