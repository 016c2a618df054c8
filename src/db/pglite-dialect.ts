import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

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

  constructor(private readonly pg: PGlite) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, (sql) => {
      this.lastAnswerAt = Date.now();
      if (!READ_ONLY.test(sql)) this.dataVersion++;
    });
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(pg: PGlite, answered: (sql: string) => void) {
    this.connection = new PGliteConnection(pg, answered);
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
    private readonly answered: (sql: string) => void,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    let res;
    try {
      res = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
    } finally {
      // Also when it failed: a failed write may still have ended a transaction.
      this.answered(compiled.sql);
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
