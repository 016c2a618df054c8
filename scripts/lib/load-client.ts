/**
 * A load generator meant to run in its own process (bench-web spawns it): keeps `concurrency`
 * requests in flight against each URL for `seconds`, over keep-alive connections, and prints one JSON
 * line with requests/s and exact latency percentiles (p50, p95, p99) from every request's time.
 *
 *   tsx scripts/lib/load-client.ts '{"urls":["http://127.0.0.1:8080/queue"],"headers":{},"seconds":10,"concurrency":8}'
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

interface Plan {
  urls: string[];
  headers: Record<string, string>;
  seconds: number;
  concurrency: number;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
const latencies: number[] = [];
let errors = 0;
let bytes = 0;

function once(url: string): Promise<void> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: plan.headers }, (res) => {
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => {
        if (res.statusCode === 200) latencies.push(performance.now() - t0);
        else errors++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
  });
}

const until = performance.now() + plan.seconds * 1000;
const started = performance.now();
// The client's own CPU, so the bench can say what each request cost each party (it shares the cores).
const cpu0 = process.cpuUsage();
let next = 0;
await Promise.all(
  Array.from({ length: plan.concurrency }, async () => {
    while (performance.now() < until) await once(plan.urls[next++ % plan.urls.length]!);
  }),
);
const elapsed = (performance.now() - started) / 1000;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    kb_per_request: bytes / 1024 / Math.max(1, latencies.length + errors),
    cpu_ms: cpuMs(process.cpuUsage(cpu0)),
  }),
);
agent.destroy();
