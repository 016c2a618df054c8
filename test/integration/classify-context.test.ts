import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifierDeps } from '../../src/classify/deps.ts';
import type { ClassifyDeps } from '../../src/classify/stage.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { addEntry } from '../../src/review/registry.service.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { seedTeam, type Team } from '../helpers/desk.ts';
import { LOCAL_HTTP } from '../helpers/paths.ts';

/**
 * The classifier's context as a worker keeps it (classify/deps.ts): built once, checked before every
 * job with one fingerprint query, and rebuilt part by part only when that part changed in the
 * database, so what the desk changes reaches a long-running worker at its next job.
 */
let tdb: TestDb;
let team: Team;
let deps: ClassifyDeps;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-classify-context-'));

const ingest = () => ({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, limits: {} });
async function store(sourceId: string, text: string): Promise<number> {
  const run = await recordRun(ingest(), sourceId, async () => ({ items: [tipToItem({ text })], rejected: [] }));
  return run.storedIds[0]!;
}

beforeAll(async () => {
  tdb = await createTestDb();
  team = await seedTeam(tdb.db);
  const beltim = await loadPipeline('beltim');
  await syncSources(tdb.db, 'beltim', [
    { id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, enabled: true, config: {} },
    { id: 'turnbackhoax', kind: 'tip', name: 'TurnBackHoax', schedule: null, enabled: true, config: {} },
  ]);
  deps = classifierDeps(tdb, beltim, { dataDir, modelsDir: undefined, allowModelDownload: false }, silentLogger);
});
afterAll(async () => {
  await tdb?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("a worker's classifier context", () => {
  it('is kept while nothing changed: the same indexes and models after another check', async () => {
    await deps.refresh!();
    const before = { ...deps.ctx };
    await deps.refresh!();
    expect(deps.ctx.registry).toBe(before.registry);
    expect(deps.ctx.decidedCases).toBe(before.decidedCases);
    expect(deps.ctx.claims).toBe(before.claims);
    expect(deps.ctx.model).toBe(before.model);
  });

  it('sees a registry entry added on the desk at the next check, and rebuilds only the registry', async () => {
    const before = { ...deps.ctx };
    const size = deps.ctx.registry!.size;
    await addEntry(tdb.db, team.admin, 'beltim', { kind: 'telepon', platform: 'whatsapp', value: '0811-5730-110', unit: 'Polres Kubu Raya' });
    await deps.refresh!();
    expect(deps.ctx.registry!.size).toBe(size + 1);
    expect(deps.ctx.decidedCases).toBe(before.decidedCases);
    expect(deps.ctx.claims).toBe(before.claims);
  });

  it('sees a verdict given on the desk, and a fact-check stored by another process', async () => {
    const item = await store('tips', 'Prabowo Bakal Posisikan Polri di Bawah Naungan TNI');
    await deps.refresh!();
    expect(deps.ctx.decidedCases!.size).toBe(0);
    const { case: k } = await openCase(tdb.db, team.analis, item);
    await deps.refresh!();
    expect(deps.ctx.decidedCases!.size).toBe(0); // opened, not decided: nothing to match yet
    await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
    await deps.refresh!();
    expect(deps.ctx.decidedCases!.size).toBe(1);

    const claims = deps.ctx.claims!.size;
    await store('turnbackhoax', '[SALAH] Video Kapolres Belitung Timur membagikan uang kepada warga adalah rekayasa');
    await deps.refresh!();
    expect(deps.ctx.claims!.size).toBe(claims + 1);
  });
});
