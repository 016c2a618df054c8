#!/usr/bin/env node
// The CLI. Runs the compiled copy of src/ in dist/ (bin/build.mjs), compiling it first when it is
// missing or any source changed since; a stale copy never runs. When it cannot be compiled now
// (another process is compiling it, or compiling failed) the sources run through tsx instead, which
// compiles each module as it loads: the same code, about a second slower to start.
// SARING_COMPILED=0 always runs the sources through tsx; SARING_COMPILED=1 refuses to.
process.env.DOTENV_CONFIG_QUIET ??= 'true'; // `natural` pulls in dotenv, which otherwise prints on import
import { chooseRuntime } from './build.mjs';

const choice = await chooseRuntime();
if (choice.note) process.stderr.write(`saring: ${choice.note}\n`);
let main;
if (choice.run === 'compiled') {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
