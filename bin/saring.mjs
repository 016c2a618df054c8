#!/usr/bin/env node
// The CLI. Runs the compiled copy of src/ in dist/ (bin/build.mjs), compiling it first when it is
// missing or any source changed since; a stale copy never runs. When it cannot be compiled now
// (another process is compiling it, or compiling failed) the sources run through tsx instead, which
// compiles each module as it loads: the same code, about a second slower to start.
// SARING_COMPILED=0 always runs the sources through tsx; SARING_COMPILED=1 refuses to.
process.env.DOTENV_CONFIG_QUIET ??= 'true'; // `natural` pulls in dotenv, which otherwise prints on import
import { buildIfStale } from './build.mjs';

const want = process.env.SARING_COMPILED;
let compiled = false;
if (want !== '0') {
  try {
    compiled = (await buildIfStale()) !== 'busy';
  } catch (err) {
    if (want === '1') throw err;
    process.stderr.write(
      `saring: could not compile src/ into dist/ (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); running the sources through tsx\n`,
    );
  }
  if (!compiled && want === '1') throw new Error('saring: SARING_COMPILED=1 but another process is compiling src/ into dist/');
}
let main;
if (compiled) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
