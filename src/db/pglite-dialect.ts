import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type LimitNode,
  type OffsetNode,
  type OperationNode,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  ValueNode,
} from 'kysely';
import { PreparedStatements } from './pglite-statements.ts';

/** Statements after which the session's plan_cache_mode (set by PreparedStatements) may differ. */
const UNDOES_SETTINGS = /^\s*(rollback|abort|set|reset|discard)\b/i;
/** DDL: a prepared `select *` over a changed table would fail inside a transaction (see PreparedStatements). */
const CHANGES_SHAPES = /^\s*(alter|drop|create)\b/i;

/** A statement that changes no data: a plain select (a CTE may hide a write, so `with` counts as one). */
const READ_ONLY = /^\s*select\b/i;

/**
 * Kysely over embedded PGlite. PGlite is one session, so the driver hands out that session to one
 * holder at a time: without the lock, a query issued outside a transaction while another caller's
 * transaction is open would run inside it. (kysely-pglite-dialect exists but pins PGlite < 0.5.)
 */
export class PGliteDialect implements Dialect {
  /** When the embedded database last answered a query (ms since the epoch; 0 before the first). */
  lastAnswerAt = 0;
  /**
   * How many statements other than a plain `select` have run (writes, transaction control, DDL): while
   * it stands still no data has changed, since one process owns the embedded database (connect.ts).
   */
  dataVersion = 0;
  /** The session's prepared statements, which plain selects run as (pglite-statements.ts). */
  readonly statements: PreparedStatements;

  constructor(private readonly pg: PGlite) {
    this.statements = new PreparedStatements(pg);
  }

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.statements, (sql) => {
      this.lastAnswerAt = Date.now();
      if (!READ_ONLY.test(sql)) this.dataVersion++;
    });
  }
  createQueryCompiler() {
    return new PGliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(pg: PGlite, statements: PreparedStatements, answered: (sql: string) => void) {
    this.connection = new PGliteConnection(pg, statements, answered);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to whoever created it (see connect.ts), which closes it.
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pg: PGlite,
    private readonly statements: PreparedStatements,
    private readonly answered: (sql: string) => void,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    let res;
    try {
      // Reads, asked again and again by the desk's pages, run as prepared statements: parsed once and,
      // when PostgreSQL finds a generic plan as good, planned once. Writes keep query() (and its syncToFs).
      if (READ_ONLY.test(compiled.sql)) res = await this.statements.query<R>(compiled.sql, compiled.parameters);
      else {
        await this.statements.useDefaultPlans();
        res = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
      }
    } finally {
      // Also when it failed: a failed write may still have ended a transaction.
      this.answered(compiled.sql);
      if (UNDOES_SETTINGS.test(compiled.sql)) this.statements.settingsMayHaveChanged();
      if (CHANGES_SHAPES.test(compiled.sql)) this.statements.forget();
    }
    const affected = res.affectedRows;
    const isWrite = /^\s*(insert|update|delete|merge)\b/i.test(compiled.sql);
    return {
      rows: res.rows,
      ...(isWrite && affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

/**
 * PostgreSQL's SQL, with two kinds of values written into the text instead of sent as parameters, so
 * that a prepared statement's generic plan (pglite-statements.ts) sees them as a custom plan would.
 * Booleans: a partial index (`where flagged and queue_original`, sql/0020) matches only a literal, and
 * the queue's generic plan over `flagged = $1` read the whole table instead (600 ms, not 2). LIMIT and
 * OFFSET: a generic plan costs a parameterised limit as a tenth of the rows, which can tip it from an
 * index walk to a sort. Neither takes many distinct values, so the statements stay few (and their
 * map is bounded); nothing else is inlined. Values are never strings here, so nothing needs quoting.
 */
class PGliteQueryCompiler extends PostgresQueryCompiler {
  protected override appendValue(value: unknown): void {
    if (typeof value === 'boolean') this.append(value ? 'true' : 'false');
    else super.appendValue(value);
  }
  protected override visitLimit(node: LimitNode): void {
    if (!this.inlineCount('limit', node.limit)) super.visitLimit(node);
  }
  protected override visitOffset(node: OffsetNode): void {
    if (!this.inlineCount('offset', node.offset)) super.visitOffset(node);
  }
  /** Writes `limit n` / `offset n` for a whole number; false (nothing written) for anything else. */
  private inlineCount(keyword: 'limit' | 'offset', node: OperationNode): boolean {
    if (!ValueNode.is(node) || !Number.isSafeInteger(node.value) || (node.value as number) < 0) return false;
    this.append(`${keyword} ${node.value as number}`);
    return true;
  }
}
