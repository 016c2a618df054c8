/**
 * `p`, or a rejection naming the step (and carrying `log()`, a process's output so far) once `ms`
 * have passed: a hang fails with where it hung, well inside the test's own timeout.
 */
export function deadline<T>(step: string, ms: number, p: Promise<T>, log?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${ms / 1000} s while ${step}${log ? `; the log so far:\n${log()}` : ''}`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
