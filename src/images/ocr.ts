import { spawn } from 'node:child_process';

/**
 * OCR through Debian's Tesseract (`tesseract-ocr`, `tesseract-ocr-ind`), run as a child process: the
 * language data comes with the package, nothing is downloaded, and a stuck or slow recognition is
 * killed at its time limit without touching the process that asked. Called from the images stage
 * (worker jobs and one-shot commands), never from a web request.
 */

export interface OcrOptions {
  /** Kill a recognition that takes longer. (Default: 30,000 ms) */
  timeoutMs?: number;
  /** Tesseract languages, `+`-joined. (Default: "ind": Indonesian, which reads English words as well) */
  languages?: string;
  /** The executable. (Default: "tesseract" on PATH) */
  command?: string;
  signal?: AbortSignal;
}

export type OcrResult =
  | { status: 'success'; text: string; ms: number }
  | { status: 'failure'; error: string; ms: number }
  /** Tesseract (or its Indonesian data) is not installed: OCR is skipped, the image is kept. */
  | { status: 'unavailable'; error: string; ms: number };

export const DEFAULT_OCR_TIMEOUT_MS = 30_000;

/** Reads the text of one image (PNG, JPEG… bytes Tesseract can open) through stdin and stdout. */
export function runOcr(image: Buffer, opts: OcrOptions = {}): Promise<OcrResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_OCR_TIMEOUT_MS;
  const ms = () => Date.now() - started;
  return new Promise((resolve) => {
    // OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads would fight the other jobs for the cores.
    const child = spawn(opts.command ?? 'tesseract', ['stdin', 'stdout', '-l', opts.languages ?? 'ind', '--psm', '3'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (r: OcrResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    // Answered once the child is gone (its 'close'), so nothing of it outlives the call.
    let killedFor: string | null = null;
    const kill = (why: string) => {
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(`OCR stopped after ${timeoutMs} ms (time limit per image)`), timeoutMs);
    const onAbort = () => kill('OCR cancelled (shutting down)');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT')
        finish({ status: 'unavailable', error: `tesseract not found (${opts.command ?? 'tesseract'}); install tesseract-ocr and tesseract-ocr-ind`, ms: ms() });
      else finish({ status: 'failure', error: `tesseract could not start: ${e.message}`, ms: ms() });
    });
    child.on('close', (code) => {
      if (killedFor) return finish({ status: 'failure', error: killedFor, ms: ms() });
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) return finish({ status: 'success', text: cleanOcrText(Buffer.concat(out).toString('utf8')), ms: ms() });
      // "Failed loading language 'ind'": the binary is there, its Indonesian data is not.
      if (/failed loading language/i.test(stderr)) {
        return finish({ status: 'unavailable', error: `tesseract has no "${opts.languages ?? 'ind'}" data; install tesseract-ocr-ind`, ms: ms() });
      }
      finish({ status: 'failure', error: `tesseract exited with ${code}: ${lastLine(stderr)}`, ms: ms() });
    });
    child.stdin.on('error', () => {}); // a child that dies early closes its stdin: reported by 'close'
    child.stdin.end(image);
  });
}

/** Tesseract's page text as plain text: form feeds gone, lines trimmed, runs of blank lines folded. Pure. */
export function cleanOcrText(text: string): string {
  return text
    .replace(/\f/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function lastLine(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim() && !/^(Estimating resolution|Detected \d+ diacritics|Warning)/i.test(l));
  return (lines[lines.length - 1] ?? 'no message').slice(0, 300);
}
