import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIfStale, chooseRuntime, compiledModule, staleReason, type Layout } from '../../../bin/build.mjs';

// A small project of its own in a temp dir: src/ with two modules, compiled into dist/ the way
// bin/saring.mjs compiles the real one (no vendored packages: there is no node_modules here).
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-build-'));
const layout: Layout = { root, vendor: [] };
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
/** Moves a file's modification time forward, as an edit a moment later does (mtime resolution aside). */
const touchLater = (rel: string, seconds = 5) => {
  const t = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(path.join(root, rel), t, t);
};
/** What the compiled copy of src/cli/main.ts says, in a new process (as the next CLI run would load it). */
const run = () =>
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `console.log((await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/cli/main.js')).href)})).value())`],
    {
      encoding: 'utf8',
    },
  ).trim();

write('src/words.ts', "export const word: string = 'satu';\n");
write('src/cli/main.ts', "import { word } from '../words.ts';\nexport const value = (): string => `main:${word}`;\n");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('bin/build.mjs', () => {
  it('compiles src/ one module to one file, keeping the layout, and then calls it current', async () => {
    expect(staleReason(layout)).toBe('not built yet');
    expect(await buildIfStale(layout)).toBe('built');
    expect(staleReason(layout)).toBeNull();
    expect(await buildIfStale(layout)).toBe('current');
    expect(fs.readFileSync(path.join(root, 'dist/cli/main.js'), 'utf8')).toContain('from "../words.js"');
    expect(run()).toBe('main:satu');
  });

  it('never runs a stale copy: a changed source makes it stale, and the next run compiles the new code first', async () => {
    write('src/words.ts', "export const word: string = 'dua';\n");
    touchLater('src/words.ts');
    expect(staleReason(layout)).toBe(`src${path.sep}words.ts changed`);
    expect(await chooseRuntime(layout, undefined)).toEqual({ run: 'compiled' });
    expect(staleReason(layout)).toBeNull();
    expect(run()).toBe('main:dua');
  });

  it('calls it stale when a source is added or removed, by the time of its folder', async () => {
    write('src/cli/extra.ts', 'export const extra = 1;\n');
    touchLater('src/cli', 10);
    expect(staleReason(layout)).toBe(`src${path.sep}cli changed`);
    await buildIfStale(layout);
    expect(fs.existsSync(path.join(root, 'dist/cli/extra.js'))).toBe(true);
    fs.rmSync(path.join(root, 'src/cli/extra.ts'));
    touchLater('src/cli', 15);
    expect(staleReason(layout)).not.toBeNull();
    await buildIfStale(layout);
    // The compiled copy of a removed source goes too.
    expect(fs.existsSync(path.join(root, 'dist/cli/extra.js'))).toBe(false);
  });

  it('picks tsx, not the stale copy, while another process holds the build lock; a lock left by a dead builder is taken over', async () => {
    write('src/words.ts', "export const word: string = 'tiga';\n");
    touchLater('src/words.ts', 20);
    const lock = path.join(root, 'dist/build.lock');
    fs.writeFileSync(lock, '999999');
    expect(await buildIfStale(layout)).toBe('busy');
    expect(await chooseRuntime(layout, undefined)).toEqual({ run: 'tsx' });
    await expect(chooseRuntime(layout, '1')).rejects.toThrow(/another process is compiling/);
    expect(staleReason(layout)).toBe(`src${path.sep}words.ts changed`);
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(lock, old, old);
    expect(await chooseRuntime(layout, undefined)).toEqual({ run: 'compiled' });
    expect(run()).toBe('main:tiga');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('picks tsx with a note naming the error when the sources do not compile, and SARING_COMPILED=0 always picks tsx', async () => {
    write('src/words.ts', 'export const word: string = ;\n');
    touchLater('src/words.ts', 25);
    const choice = await chooseRuntime(layout, undefined);
    expect(choice.run).toBe('tsx');
    expect(choice.note).toMatch(/^could not compile src\/ into dist\/ \(.*src\/words\.ts:1:28: Unexpected ";"\); running the sources through tsx$/);
    expect(staleReason(layout)).not.toBeNull();
    write('src/words.ts', "export const word: string = 'empat';\n");
    touchLater('src/words.ts', 30);
    expect(await chooseRuntime(layout, '0')).toEqual({ run: 'tsx' });
    expect(staleReason(layout)).not.toBeNull();
  });

  it('compiles a TypeScript file from outside src/ (a pipeline) with its imports of src/ pointed at the compiled modules', async () => {
    await buildIfStale(layout);
    write('pipelines/demo.ts', "import { value } from '../src/cli/main.ts';\nimport { n } from './local.ts';\nexport default { name: value(), n };\n");
    write('pipelines/local.ts', 'export const n: number = 7;\n');
    const url = await compiledModule(path.join(root, 'pipelines/demo.ts'), layout);
    const text = fs.readFileSync(new URL(url), 'utf8');
    // src/ is imported from dist/ (the one copy the running code uses); the pipeline's own module is bundled in.
    expect(text).toContain(pathToFileURL(path.join(root, 'dist/cli/main.js')).href);
    expect(text).not.toContain('local.ts"');
    expect(((await import(url)) as { default: unknown }).default).toEqual({ name: 'main:empat', n: 7 });
    // Current until the pipeline or a file it bundles changes.
    expect(await compiledModule(path.join(root, 'pipelines/demo.ts'), layout)).toBe(url);
    write('pipelines/local.ts', 'export const n: number = 8;\n');
    touchLater('pipelines/local.ts', 35);
    await compiledModule(path.join(root, 'pipelines/demo.ts'), layout);
    expect(((await import(`${url}?again`)) as { default: unknown }).default).toEqual({ name: 'main:empat', n: 8 });
  });
});
