import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanOcrText, runOcr } from '../../../src/images/ocr.ts';
import { PROJECT_DIR } from '../../helpers/paths.ts';

const img = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/images', f));

describe('runOcr (Debian tesseract-ocr + tesseract-ocr-ind, a child process)', () => {
  it('reads an Indonesian chat screenshot', async () => {
    const r = await runOcr(img('hoax-chat.png'));
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.text).toContain('Polres Belitung Timur');
    expect(r.text).toContain('Sebarkan ke semua');
  });

  it('says OCR is unavailable when tesseract is not installed, without throwing', async () => {
    const r = await runOcr(img('hoax-chat.png'), { command: '/nonexistent/tesseract' });
    expect(r).toMatchObject({ status: 'unavailable' });
    if (r.status === 'unavailable') expect(r.error).toMatch(/tesseract not found.*tesseract-ocr-ind/);
  });

  it('says so when the Indonesian language data is missing', async () => {
    const r = await runOcr(img('hoax-chat.png'), { languages: 'xyz' });
    expect(r.status).toBe('unavailable');
  });

  it('kills a recognition that never ends at its time limit', async () => {
    // A "tesseract" that never answers: whatever the machine's speed, it is still running at the limit.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-ocr-'));
    const hang = path.join(dir, 'tesseract');
    const pidFile = path.join(dir, 'pid');
    fs.writeFileSync(hang, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`, { mode: 0o755 });
    const r = await runOcr(img('hoax-chat.png'), { command: hang, timeoutMs: 500 });
    expect(r).toMatchObject({ status: 'failure' });
    if (r.status === 'failure') expect(r.error).toBe('OCR stopped after 500 ms (time limit per image)');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    // the child is gone (SIGKILL): signal 0 to a dead pid throws ESRCH (reaped by the time close fired)
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('stops when cancelled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-ocr-'));
    const hang = path.join(dir, 'tesseract');
    fs.writeFileSync(hang, '#!/bin/sh\nexec sleep 600\n', { mode: 0o755 });
    const ac = new AbortController();
    const p = runOcr(img('hoax-chat.png'), { command: hang, timeoutMs: 600_000, signal: ac.signal });
    ac.abort();
    await expect(p).resolves.toMatchObject({ status: 'failure', error: 'OCR cancelled (shutting down)' });
  });
});

describe('cleanOcrText', () => {
  it('folds spaces and blank lines and drops form feeds', () => {
    expect(cleanOcrText('  PENTING!!   Besok \n\n\n\n razia\f\n')).toBe('PENTING!! Besok\n\nrazia');
  });
});
