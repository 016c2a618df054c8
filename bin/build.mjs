#!/usr/bin/env node
// @ts-check
/**
 * The compiled copy of src/ that bin/saring.mjs runs: every src/**\/*.ts compiled one to one into
 * dist/ (git-ignored) by esbuild, which tsx already brings. Compiling TypeScript on every start cost
 * the CLI about a second (tsx's loader thread, a transform per module); plain JavaScript loads in a
 * fraction of that.
 *
 * dist/ keeps src/'s layout and depth (src/classify/normalise.ts → dist/classify/normalise.js), so the
 * paths modules compute from their own location (`../../models`, `../../sql`) name the same folders
 * from either copy. Imports of our own modules stay imports (nothing is bundled) with `.ts` turned
 * into `.js`; packages load from node_modules as they do under tsx, except the few compiled into
 * dist/vendor/ (VENDORED below).
 *
 * Staleness is decided from dist/build.json, which records the size and modification time of every
 * file the build read and of every folder under src/ (a file added or removed changes its folder's
 * time). Any difference, in either direction, makes the build stale, and a stale build never runs:
 * bin/saring.mjs rebuilds it, or runs the sources through tsx when it cannot.
 *
 * Plain JavaScript, not TypeScript: it has to run before anything is compiled.
 *
 *   node bin/build.mjs           build if stale (npm run build; npm ci runs it as `prepare`)
 *   node bin/build.mjs --check   exit 0 if dist/ is current, 1 if stale (prints why)
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = 'build.json';
/** Bumped when the way of building changes, so an old dist/ is rebuilt. */
const BUILD_FORMAT = 2;
/** A lock older than this belongs to a builder that died: building takes seconds. */
const LOCK_STALE_MS = 120_000;

/**
 * Packages compiled into one file each (dist/vendor/<name>.js) and imported from there by dist/: pure
 * JavaScript without dependencies, published as hundreds of small ES modules, which Node loads one by
 * one. Measured on the 2-core machine: kysely 0.14 s of CPU as its modules, 0.015 s as one file; zod
 * 0.07 s and 0.03 s. Only dist/ uses these copies (nothing else in node_modules imports either).
 */
const VENDORED = ['kysely', 'zod'];

/**
 * @typedef {{ root?: string; src?: string; out?: string; vendor?: string[] }} Layout
 * root: the project (default: this checkout); src and out: folders in it (default src, dist);
 * vendor: packages compiled into out/vendor/ (default: kysely and zod).
 */

/** @param {Layout} [layout] */
function dirs(layout = {}) {
  const root = layout.root ?? PROJECT_DIR;
  return { root, src: path.join(root, layout.src ?? 'src'), out: path.join(root, layout.out ?? 'dist'), vendor: layout.vendor ?? VENDORED };
}

/**
 * Why dist/ may not run, or null when it is current: it is missing, or a file or folder it was
 * built from differs in size or time from what the build recorded.
 * @param {Layout} [layout]
 * @returns {string | null}
 */
export function staleReason(layout) {
  const d = dirs(layout);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(d.out, MANIFEST), 'utf8'));
  } catch {
    return 'not built yet';
  }
  if (manifest.format !== BUILD_FORMAT) return 'built by an older builder';
  for (const [rel, recorded] of Object.entries(manifest.inputs)) {
    const now = stamp(path.join(d.root, rel));
    if (now === null) return `${rel} was removed`;
    if (now !== recorded) return `${rel} changed`;
  }
  return null;
}

/** "size:mtime" of a file, "dir:mtime" of a folder, null if gone. @param {string} file */
function stamp(file) {
  try {
    const s = fs.statSync(file);
    return `${s.isDirectory() ? 'dir' : s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** src/**\/*.ts (tests and declarations aside) and every folder under src/. @param {string} src */
function sources(src) {
  /** @type {string[]} */
  const files = [];
  /** @type {string[]} */
  const folders = [src];
  for (const rel of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(src, rel);
    if (fs.statSync(p).isDirectory()) folders.push(p);
    else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !rel.endsWith('.test.ts')) files.push(p);
  }
  return { files, folders };
}

/**
 * esbuild, from tsx's own dependencies (the project declares tsx, which brings it; no package of our own).
 * @returns {Promise<typeof import('esbuild')>}
 */
async function loadEsbuild() {
  const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
  return import(pathToFileURL(createRequire(tsx).resolve('esbuild')).href);
}

/**
 * esbuild plugin: our own modules stay separate imports, `.ts` → `.js`, and vendored packages are
 * imported from out/vendor/. With `srcToOut`, a relative import that lands in src/ is pointed at its
 * compiled copy instead (a pipeline file importing ../src/pipeline/define.ts shares the running
 * modules); other relative imports are bundled.
 * @param {{ srcToOut?: { src: string; out: string }; vendor?: { src: string; out: string; names: string[] } }} [opts]
 * @returns {import('esbuild').Plugin}
 */
function ownModules(opts = {}) {
  return {
    name: 'own-modules',
    setup(b) {
      const v = opts.vendor;
      if (v?.names.length) {
        b.onResolve({ filter: new RegExp(`^(${v.names.join('|')})$`) }, (a) => {
          // Relative to where the importing module's compiled copy will be.
          const from = path.dirname(path.join(v.out, path.relative(v.src, a.importer)));
          const rel = path
            .relative(from, path.join(v.out, 'vendor', `${a.path}.js`))
            .split(path.sep)
            .join('/');
          return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
        });
      }
      b.onResolve({ filter: /^\.\.?\// }, (a) => {
        if (a.kind === 'entry-point') return undefined;
        if (!opts.srcToOut) return { path: a.path.replace(/\.ts$/, '.js'), external: true };
        const target = path.resolve(a.resolveDir, a.path);
        const rel = path.relative(opts.srcToOut.src, target);
        if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
        return { path: pathToFileURL(path.join(opts.srcToOut.out, rel.replace(/\.ts$/, '.js'))).href, external: true };
      });
    },
  };
}

/** @type {import('esbuild').BuildOptions} */
const COMMON = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
};

/**
 * Compiles src/ into dist/ and records what it read. Files are written beside and renamed into place
 * (a process importing dist/ never reads half a file); unchanged ones are left alone, and ones whose
 * source is gone are removed. Callers hold the lock (buildIfStale).
 * @param {Layout} [layout]
 */
export async function build(layout) {
  const d = dirs(layout);
  // Taken before reading: a source edited while the build runs then differs from its recorded
  // stamp, so the next run rebuilds rather than trusting output compiled from the older text.
  const { files, folders } = sources(d.src);
  const esbuild = await loadEsbuild();
  const vendored = await Promise.all(d.vendor.map((name) => vendorPackage(esbuild, d, name)));
  const read = [...folders, ...files, fileURLToPath(import.meta.url), ...vendored.map((v) => v.packageJson)];
  const inputs = Object.fromEntries(read.map((f) => [path.relative(d.root, f), stamp(f)]));
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: files,
    outdir: d.out,
    outbase: d.src,
    plugins: [ownModules({ vendor: { ...d, names: d.vendor } })],
  });
  fs.rmSync(path.join(d.out, MANIFEST), { force: true });
  const outputs = [...result.outputFiles, ...vendored.map((v) => v.output)];
  const written = new Set(outputs.map((f) => f.path));
  for (const f of outputs) writeIfChanged(f.path, f.text);
  for (const rel of fs.readdirSync(d.out, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(d.out, rel);
    if (p.endsWith('.js') && !written.has(p) && !rel.startsWith(`pipelines${path.sep}`)) fs.rmSync(p, { force: true });
  }
  writeAtomically(path.join(d.out, MANIFEST), JSON.stringify({ format: BUILD_FORMAT, built_at: new Date().toISOString(), inputs }, null, 1) + '\n');
  return { files: files.length };
}

/**
 * One package as one ES module in out/vendor/<name>.js, and the package.json that stamps its version
 * (npm ci rewrites it, so an updated package rebuilds dist/).
 * @param {typeof import('esbuild')} esbuild
 * @param {{ root: string; out: string }} d
 * @param {string} name
 */
async function vendorPackage(esbuild, d, name) {
  const result = await esbuild.build({
    ...COMMON,
    packages: undefined,
    stdin: { contents: `export * from '${name}';`, resolveDir: d.root, loader: 'js' },
    outfile: path.join(d.out, 'vendor', `${name}.js`),
    metafile: true,
  });
  const entry = Object.keys(result.metafile?.inputs ?? {}).find((f) => f !== '<stdin>');
  let dir = path.dirname(path.resolve(d.root, entry ?? '.'));
  while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    if (path.dirname(dir) === dir) throw new Error(`vendor ${name}: no package.json of ${name} above ${entry}`);
    dir = path.dirname(dir);
  }
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`vendor ${name}: esbuild wrote nothing`);
  return { output, packageJson: path.join(dir, 'package.json') };
}

/** @param {string} file @param {string} text */
function writeIfChanged(file, text) {
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // not there yet
  }
  writeAtomically(file, text);
}

/** @param {string} file @param {string} text */
function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Builds when stale, unless another process is building right now (then returns 'busy' at once:
 * the caller runs the sources through tsx this time rather than wait or build twice).
 * @param {Layout} [layout]
 * @returns {Promise<'current' | 'built' | 'busy'>}
 */
export async function buildIfStale(layout) {
  if (staleReason(layout) === null) return 'current';
  const d = dirs(layout);
  fs.mkdirSync(d.out, { recursive: true });
  const lock = path.join(d.out, 'build.lock');
  if (!takeLock(lock)) return 'busy';
  try {
    // Another builder may have finished between the check and the lock.
    if (staleReason(layout) === null) return 'current';
    await build(layout);
    return 'built';
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * What bin/saring.mjs runs: dist/ when it is current or was just rebuilt; else the sources through
 * tsx, with `note` saying why when it is worth saying (compiling failed). `want` is SARING_COMPILED:
 * '0' always tsx, '1' dist/ or an error, anything else dist/ when possible.
 * @param {Layout} [layout]
 * @param {string | undefined} [want]
 * @returns {Promise<{ run: 'compiled' | 'tsx'; note?: string }>}
 */
export async function chooseRuntime(layout, want = process.env.SARING_COMPILED) {
  if (want === '0') return { run: 'tsx' };
  let state;
  try {
    state = await buildIfStale(layout);
  } catch (err) {
    if (want === '1') throw err;
    return { run: 'tsx', note: `could not compile src/ into dist/ (${firstError(err)}); running the sources through tsx` };
  }
  if (state !== 'busy') return { run: 'compiled' };
  if (want === '1') throw new Error('SARING_COMPILED=1, but another process is compiling src/ into dist/ right now');
  // Another process is compiling: the sources run as they are rather than wait for it.
  return { run: 'tsx' };
}

/**
 * esbuild's first error as `file:line:column: text`, or the first line of any other error.
 * @param {unknown} err
 */
function firstError(err) {
  const e = /** @type {{ errors?: import('esbuild').Message[] }} */ (err).errors?.[0];
  if (e) return `${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`;
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** @param {string} lock */
function takeLock(lock) {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age < LOCK_STALE_MS) return false;
    fs.rmSync(lock, { force: true });
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A TypeScript file loaded at run time by compiled code (a pipeline in pipelines/, which imports
 * ../src/pipeline/define.ts), compiled to plain JavaScript in dist/pipelines/ with its own record of
 * what it read, the same way as dist/ itself. Its imports of src/ point at dist/ (one copy of each
 * module); other relative imports are bundled in. Returns the file URL to import.
 * @param {string} file absolute path of the .ts file
 * @param {Layout} [layout]
 * @returns {Promise<string>}
 */
export async function compiledModule(file, layout) {
  const d = dirs(layout);
  const key = `${path.basename(file, '.ts')}-${hash(file)}`;
  const out = path.join(d.out, 'pipelines', `${key}.mjs`);
  const record = path.join(d.out, 'pipelines', `${key}.json`);
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(record, 'utf8'));
  } catch {
    inputs = null;
  }
  const current = inputs && Object.entries(inputs).every(([f, s]) => stamp(f) === s) && fs.existsSync(out);
  if (!current) {
    pruneCompiledModules(path.dirname(out));
    const esbuild = await loadEsbuild();
    const result = await esbuild.build({
      ...COMMON,
      absWorkingDir: d.root,
      entryPoints: [file],
      outfile: out,
      metafile: true,
      plugins: [ownModules({ srcToOut: d })],
    });
    const read = Object.keys(result.metafile?.inputs ?? {}).map((f) => path.resolve(d.root, f));
    writeAtomically(out, result.outputFiles[0]?.text ?? '');
    writeAtomically(record, JSON.stringify(Object.fromEntries([file, ...read].map((f) => [f, stamp(f)]))));
  }
  return pathToFileURL(out).href;
}

/**
 * Drops compiled modules whose source file is gone (pipelines written to temporary folders by tests
 * and benches), so dist/pipelines/ does not grow without end. Runs only when compiling anyway.
 * @param {string} dir
 */
function pruneCompiledModules(dir) {
  let names;
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return;
  }
  for (const n of names) {
    const record = path.join(dir, n);
    try {
      const [source] = Object.keys(JSON.parse(fs.readFileSync(record, 'utf8')));
      if (source && fs.existsSync(source)) continue;
    } catch {
      // unreadable: dropped like a gone one
    }
    fs.rmSync(record, { force: true });
    fs.rmSync(record.replace(/\.json$/, '.mjs'), { force: true });
  }
}

/** @param {string} s */
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv.includes('--check')) {
    const why = staleReason();
    console.log(why ? `dist/ is stale: ${why}` : 'dist/ is current');
    process.exitCode = why ? 1 : 0;
  } else {
    const t0 = performance.now();
    const r = await buildIfStale();
    console.log(`dist/: ${r}${r === 'built' ? ` in ${((performance.now() - t0) / 1000).toFixed(1)} s` : ''}`);
  }
}
