import { parentPort } from 'node:worker_threads';
import { SaringError } from '../errors.ts';
import { PARSE_TASKS, type ParseTaskName } from './parse-tasks.ts';

/** The parse thread's side (started by parse-thread.ts through parse-worker.mjs): runs one task per message, in order. */
export interface ParseRequest {
  id: number;
  task: ParseTaskName;
  args: unknown[];
}
export type ParseReply = { id: number; result: unknown } | { id: number; error: { message: string; code: string | undefined } };

parentPort!.on('message', async ({ id, task, args }: ParseRequest) => {
  try {
    const result = await (PARSE_TASKS[task] as (...a: unknown[]) => unknown)(...args);
    parentPort!.postMessage({ id, result } satisfies ParseReply);
  } catch (err) {
    // Errors lose their class crossing threads: the code travels beside the message.
    const e = err as Error;
    parentPort!.postMessage({
      id,
      error: { message: e?.message ?? String(err), code: err instanceof SaringError ? err.code : undefined },
    } satisfies ParseReply);
  }
});
