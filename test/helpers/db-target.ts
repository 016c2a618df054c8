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

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
