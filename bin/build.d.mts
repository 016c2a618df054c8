// Types of bin/build.mjs for the TypeScript that imports it (src/pipeline/load.ts, tests, scripts).
export interface Layout {
  /** The project (default: this checkout). */
  root?: string;
  /** Folder of the sources in it (default: src). */
  src?: string;
  /** Folder of the compiled copy in it (default: dist). */
  out?: string;
  /** Packages compiled into out/vendor/ (default: kysely and zod). */
  vendor?: string[];
}
export const PROJECT_DIR: string;
export function staleReason(layout?: Layout): string | null;
export function build(layout?: Layout): Promise<{ files: number }>;
export function buildIfStale(layout?: Layout): Promise<'current' | 'built' | 'busy'>;
export function compiledModule(file: string, layout?: Layout): Promise<string>;
export function chooseRuntime(layout?: Layout, want?: string): Promise<{ run: 'compiled' | 'tsx'; note?: string }>;
