import { Worker } from 'node:worker_threads';
import { ParseError } from '../errors.ts';
import type { ParseTaskName, ParseTasks } from './parse-tasks.ts';
import type { ParseReply, ParseRequest } from './parse-worker.ts';

/**
 * Bodies at least this long are parsed on the parse thread. A 2 MB feed holds the event loop for a
 * third of a second or more, and in the embedded mode the desk's web server waits on that same loop;
 * an ordinary feed (tens of KB) parses in milliseconds, less than the hop to a thread costs.
 */
export const OFF_LOOP_CHARS = 256 * 1024;

type Result<K extends ParseTaskName> = Awaited<ReturnType<ParseTasks[K]>>;
interface Pending {
  resolve: (v: never) => void;
  reject: (err: Error) => void;
}

/**
 * One worker thread that runs parse tasks (parse-tasks.ts) in order, started on first use and
 * restarted after it dies. It holds the process open only while it has work. A thread that dies (out
 * of its memory limit, or worse) fails the bodies it held with PARSE_THREAD_DIED; the next body gets a
 * new thread.
 */
export class ParseThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    /** (Default: parse-worker.mjs, or the compiled parse-worker.js beside dist/'s copy of this file; tests give a thread that misbehaves) */
    private readonly entry: URL = new URL(import.meta.url.endsWith('.js') ? './parse-worker.js' : './parse-worker.mjs', import.meta.url),
    /** A hostile body that blows the parser up costs the thread, never the process. */
    private readonly maxHeapMb = 512,
  ) {}

  run<K extends ParseTaskName>(task: K, args: Parameters<ParseTasks[K]>): Promise<Result<K>> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<Result<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, task, args } satisfies ParseRequest);
    });
  }

  /** Stops the thread; bodies it still held fail. */
  async close(): Promise<void> {
    const w = this.worker;
    if (w) this.died(w, 'ditutup');
    await w?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.entry, { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
    w.unref();
    w.on('message', (reply: ParseReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (!this.pending.size) w.unref();
      if ('error' in reply) p.reject(reply.error.code ? new ParseError(reply.error.message, { code: reply.error.code }) : new Error(reply.error.message));
      else p.resolve(reply.result as never);
    });
    w.on('error', (err) => this.died(w, err.message));
    w.on('exit', (code) => this.died(w, `kode keluar ${code}`));
    this.worker = w;
    return w;
  }

  private died(w: Worker, why: string): void {
    if (this.worker !== w) return; // 'error' is followed by 'exit': once is enough
    this.worker = undefined;
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const p of held) p.reject(new ParseError(`thread pengurai berhenti (${why}); isi tidak diurai`, { code: 'PARSE_THREAD_DIED' }));
    void w.terminate();
  }
}

let shared: ParseThread | undefined;

/**
 * Runs a parse task: on the process's parse thread when its body (the first argument) is
 * OFF_LOOP_CHARS or longer, else right here. Same result and same errors either way.
 */
export async function parseOffLoop<K extends ParseTaskName>(task: K, ...args: Parameters<ParseTasks[K]>): Promise<Result<K>> {
  if (args[0].length >= OFF_LOOP_CHARS) return (shared ??= new ParseThread()).run(task, args);
  // Loaded when first needed, not at the top: parse-tasks.ts imports the sources that import this module.
  const { PARSE_TASKS } = await import('./parse-tasks.ts');
  return (PARSE_TASKS[task] as unknown as (...a: Parameters<ParseTasks[K]>) => Result<K> | Promise<Result<K>>)(...args);
}
