// The parse thread's entry. A worker thread does not inherit the TypeScript loader that
// bin/saring.mjs (or vitest) gave the main thread, so it registers tsx itself before loading the
// TypeScript side. Registering again where the loader was inherited (tsx's own CLI) is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
