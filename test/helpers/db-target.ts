import pg from 'pg';
/** Which database the integration tests run on: SARING_TEST_DB=pglite (default) or postgres. */
export function testDbKind(): 'pglite' | 'postgres' {
  const v = process.env.SARING_TEST_DB ?? 'pglite';
  if (v !== 'pglite' && v !== 'postgres') throw new Error(`SARING_TEST_DB must be pglite or postgres, not "${v}"`);
  return v;
}

/** A PostgreSQL role allowed to create databases. (Default: the project machines' local server) */
export function adminUrl(): string {
  return process.env.SARING_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Runs one statement as the admin role (create and drop databases and roles). */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
