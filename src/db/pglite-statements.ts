import { messages as wire, parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { readRows } from './pglite-rows.ts';

/** How many prepared statements the embedded session keeps (least recently used closed first). */
export const PREPARED_STATEMENTS = 128;

/**
 * A statement whose cached plan no longer returns what it was prepared for: `select *` after ALTER
 * TABLE (SQLSTATE 0A000). Prepared again, it is planned against the new definition.
 */
const STALE_PLAN = /cached plan must not change result type/;

const serialize = protocol.serialize;

/** Statement names are unique in the process: two maps over one session must not take each other's. */
let named = 0;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Executions of a statement timed under each plan cache mode before one is chosen. */
const TRIALS = 3;
/** A chosen mode is tried again after this many executions: the data, and with it the best plan, change. */
const RETRY_AFTER = 1000;

type PlanMode = 'force_custom_plan' | 'force_generic_plan';

interface Statement {
  name: string;
  /** The parameters' type OIDs as the server inferred them: how each value is serialised. */
  types: number[];
  /** Executions since the last choice of plan mode began. */
  runs: number;
  /** The fastest execution seen under each mode in the current trial, in ms. */
  best: Record<PlanMode, number>;
  /** The mode chosen once both were tried; null during the trial. */
  mode: PlanMode | null;
  /** Its columns as described when prepared (null: it returns none), so an execution need not describe them again. */
  columns: wire.RowDescriptionMessage | null;
}

/**
 * The embedded session's named prepared statements, one per SQL text. PGlite's own `query()` sends
 * every statement unnamed, so PostgreSQL parses and plans it on each call; in WebAssembly, on the one
 * thread every request shares, planning the queue page's query took longer than running it. A named
 * statement is parsed once, and planned once when its generic plan (one for any values) serves.
 *
 * Whether it serves is measured, not estimated: PostgreSQL's own choice (plan_cache_mode = auto)
 * compares the generic plan's cost with the custom plans', and the queue's custom plans are costed
 * far too low (statistics cannot see that flagged rows are the high-scoring ones), so it never picked
 * the generic plan that ran as fast. Each statement with parameters runs TRIALS times with custom
 * plans and TRIALS times with its generic plan, then keeps the mode whose fastest run was faster,
 * and is tried again every RETRY_AFTER executions. A plan that suits one value and not another is
 * what custom plans are for: a statement whose generic runs were slower keeps them.
 * Values are serialised by the types the server inferred, as `query()` does.
 */
export class PreparedStatements {
  /** By SQL text, least recently used first. */
  private readonly byText = new Map<string, Statement>();
  /** Statements dropped from the map, closed on the server with the next one prepared. */
  private toClose: string[] = [];
  /**
   * The session's plan_cache_mode as last set ('default': the server's, as nothing here had set it),
   * null when unknown (a rollback may have undone it).
   */
  private sessionMode: PlanMode | 'default' | null = null;

  constructor(
    private readonly pg: PGlite,
    private readonly max = PREPARED_STATEMENTS,
  ) {}

  /** How many statements are prepared (tests). */
  get size(): number {
    return this.byText.size;
  }

  /** Forgets every statement: after a script, whose DDL may have changed what one returns. */
  forget(): void {
    for (const s of this.byText.values()) this.toClose.push(s.name);
    this.byText.clear();
    this.sessionMode = null;
  }

  /** After a rollback, SET or RESET: a SET inside a transaction is undone by its rollback. */
  settingsMayHaveChanged(): void {
    this.sessionMode = null;
  }

  /**
   * Puts the server's plan_cache_mode back before a statement of someone else's (query(), exec(), a
   * script): the mode set for a prepared statement applies to every statement of the session, and an
   * unnamed one planned generically (a bulk insert's, joined to unnest() of its arrays) ran twice as
   * long. Under the default every unnamed statement gets a custom plan, as before prepared ones.
   */
  async useDefaultPlans(): Promise<void> {
    if (this.sessionMode === 'default') return;
    await this.pg.runExclusive(() => this.exchange([serialize.query('reset plan_cache_mode')], 'reset plan_cache_mode', []));
    this.sessionMode = 'default';
  }

  /** The plan mode chosen for each statement that has one (tests, benchmarks). */
  modes(): Map<string, PlanMode | null> {
    return new Map([...this.byText].map(([sql, s]) => [sql, s.mode]));
  }

  /** `sql` with `params`, as PGlite's `query()` returns it. */
  query<R>(sql: string, params: readonly unknown[]): Promise<Results<R>> {
    return this.pg.runExclusive(async () => {
      try {
        return await this.run<R>(sql, params);
      } catch (err) {
        // Outside a transaction the statement is simply prepared again; inside one the error has
        // aborted it, and what comes next is the caller's rollback.
        if (!(err instanceof Error) || !STALE_PLAN.test(err.message) || this.pg.isInTransaction()) throw err;
        return await this.run<R>(sql, params);
      }
    });
  }

  /** Sends `parts` and a Sync: after an error the server skips to the Sync, ready for what comes next. */
  private async exchange(parts: Uint8Array[], sql: string, params: readonly unknown[]) {
    // Reads write nothing, so there is nothing to sync to the file system (query() syncs after each).
    const messages = await this.pg.execProtocolStream(concat([...parts, serialize.sync()]), { syncToFs: false, throwOnError: false });
    const error = messages.find((m): m is wire.DatabaseError => m instanceof wire.DatabaseError);
    // Named as query() names its errors (PGliteError): with the statement and its values.
    if (error) throw Object.assign(error, { query: sql, params: [...params], queryOptions: undefined });
    return messages;
  }

  private async statement(sql: string, params: readonly unknown[]): Promise<Statement> {
    const known = this.byText.get(sql);
    if (known) {
      this.byText.delete(sql);
      this.byText.set(sql, known);
      return known;
    }
    const name = `saring_${++named}`;
    const closing = this.toClose.splice(0).map((n) => serialize.close({ type: 'S', name: n }));
    const described = await this.exchange([...closing, serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name })], sql, params);
    const s: Statement = {
      name,
      types: parse.parseDescribeStatementResults(described),
      runs: 0,
      best: { force_custom_plan: Infinity, force_generic_plan: Infinity },
      mode: null,
      columns: described.find((m): m is wire.RowDescriptionMessage => m instanceof wire.RowDescriptionMessage) ?? null,
    };
    this.byText.set(sql, s);
    if (this.byText.size > this.max) {
      const [oldest, old] = this.byText.entries().next().value!;
      this.byText.delete(oldest);
      this.toClose.push(old.name);
    }
    return s;
  }

  private async run<R>(sql: string, params: readonly unknown[]): Promise<Results<R>> {
    const s = await this.statement(sql, params);
    const values = params.map((p, i) => {
      if (p === null || p === undefined) return null;
      const toText = this.pg.serializers[s.types[i]!];
      return toText ? (toText(p) as string) : String(p);
    });
    // Without parameters there is one plan, generic, whatever the mode.
    const mode = s.types.length ? this.modeFor(s) : null;
    if (mode && mode !== this.sessionMode) {
      await this.exchange([serialize.query(`set plan_cache_mode = ${mode}`)], sql, params);
      this.sessionMode = mode;
    }
    try {
      const t0 = performance.now();
      const out = s.columns ? await this.execute(s.name, s.columns, values, sql, params) : await this.describedExecute(s.name, values, sql, params);
      if (mode) s.best[mode] = Math.min(s.best[mode], performance.now() - t0);
      return out as Results<R>;
    } catch (err) {
      if (err instanceof Error && STALE_PLAN.test(err.message)) {
        this.byText.delete(sql);
        this.toClose.push(s.name);
      }
      throw err;
    }
  }

  /** An execution of a statement without columns, described as it runs (PGlite's own reader). */
  private async describedExecute(name: string, values: Array<string | null>, sql: string, params: readonly unknown[]): Promise<Results> {
    const out = await this.exchange([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({})], sql, params);
    return parse.parseResults(out, this.pg.parsers)[0]!;
  }

  /**
   * An execution whose rows are read from the server's bytes (pglite-rows.ts) with the columns the
   * statement was described with; an error or any other message is read by PGlite's parser as before.
   */
  private async execute(
    name: string,
    columns: wire.RowDescriptionMessage,
    values: Array<string | null>,
    sql: string,
    params: readonly unknown[],
  ): Promise<Results> {
    const chunks: Uint8Array[] = [];
    await this.pg.execProtocolRawStream(concat([serialize.bind({ statement: name, values }), serialize.execute({}), serialize.sync()]), {
      syncToFs: false,
      // A view into the engine's memory, reused for the next message: copied.
      onRawData: (data) => chunks.push(data.slice()),
    });
    // The raw stream leaves its callback installed for whatever speaks the protocol next; an empty
    // exchange through execProtocolStream puts PGlite's own back (it sets and clears it).
    await this.pg.execProtocolStream(new Uint8Array(0), { syncToFs: false });
    const raw = chunks.length === 1 ? chunks[0]! : concat(chunks);
    const rows = readRows(raw, columns.fields, this.pg.parsers);
    if (rows) return rows;
    const messages: wire.BackendMessage[] = [];
    new protocol.Parser().parse(raw, (m) => messages.push(m));
    const error = messages.find((m): m is wire.DatabaseError => m instanceof wire.DatabaseError);
    if (error) throw Object.assign(error, { query: sql, params: [...params], queryOptions: undefined });
    return parse.parseResults([columns, ...messages], this.pg.parsers)[0]!;
  }

  /** The mode this execution of `s` runs under: a trial's, or the one chosen from it. */
  private modeFor(s: Statement): PlanMode {
    if (++s.runs > RETRY_AFTER) {
      s.runs = 1;
      s.best = { force_custom_plan: Infinity, force_generic_plan: Infinity };
      s.mode = null;
    }
    if (s.mode) return s.mode;
    if (s.runs <= TRIALS) return 'force_custom_plan';
    // The first generic run builds the plan, which later ones reuse: one more run to see that.
    if (s.runs <= 2 * TRIALS + 1) return 'force_generic_plan';
    s.mode = s.best.force_generic_plan <= s.best.force_custom_plan ? 'force_generic_plan' : 'force_custom_plan';
    return s.mode;
  }
}
