import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_DIR } from './paths.ts';

/**
 * A Telegram Bot API on 127.0.0.1 for the tipline's tests: getUpdates (long poll, offsets confirm
 * what came before, as Telegram does), sendMessage, getFile and the file download
 * (`/file/bot<token>/<file_path>`), answering with the recorded payloads of test/fixtures/telegram-bot
 * and the files a test puts there. Failures are scripted per method ("download" for the file route).
 */

const FIXTURES = path.join(PROJECT_DIR, 'test/fixtures/telegram-bot');
export const botFixture = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

/** A dropped connection, a recorded Bot API error, or a raw body (a proxy's HTML page). */
type Failure = 'reset' | { status: number; fixture: string } | { status: number; body: string };

export interface BotApiServer {
  url: string;
  token: string;
  /** Updates Telegram holds for the bot, oldest first. */
  push(...updates: Array<Record<string, unknown>>): void;
  /** Every getUpdates request's parameters, in order. */
  polls: Array<{ offset?: number; timeout?: number }>;
  /** sendMessage requests answered ok. */
  sent: Array<{ chat_id: number; text: string; reply_parameters?: { message_id: number } }>;
  /** getFile requests answered ok. */
  files: string[];
  /** File paths downloaded (answered 200). */
  downloads: string[];
  /** A file Telegram holds: getFile of `fileId` answers `path` (and its size), and the path serves `bytes`. */
  putFile(fileId: string, path: string, bytes: Buffer): void;
  /** The next `n` calls of `method` fail this way. */
  fail(method: string, n: number, how: Failure): void;
  /** Resolves once `pred` holds, checked after every request. */
  until(pred: () => boolean): Promise<void>;
  close(): Promise<void>;
}

/** An update from a recorded example, with this scenario's ids and words. */
export function update(
  fixture: string,
  p: { updateId: number; messageId?: number; chatId?: number; text?: string; caption?: string; set?: Record<string, unknown> },
): Record<string, unknown> {
  const u = botFixture(fixture);
  u.update_id = p.updateId;
  const m = (u.message ?? u.edited_message) as Record<string, unknown>;
  if (p.messageId !== undefined) m.message_id = p.messageId;
  if (p.chatId !== undefined) {
    (m.chat as Record<string, unknown>).id = p.chatId;
    (m.from as Record<string, unknown>).id = p.chatId;
  }
  if (p.text !== undefined) m.text = p.text;
  if (p.caption !== undefined) m.caption = p.caption;
  Object.assign(m, p.set ?? {});
  return u;
}

export async function startBotApiServer(token = '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'): Promise<BotApiServer> {
  let queue: Array<Record<string, unknown>> = [];
  const failures = new Map<string, Failure[]>();
  const changed = new EventEmitter();
  changed.setMaxListeners(50);
  const waiting = new Set<() => void>();
  const state: Pick<BotApiServer, 'polls' | 'sent' | 'files' | 'downloads'> = { polls: [], sent: [], files: [], downloads: [] };
  const held = new Map<string, { path: string; bytes: Buffer }>();

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    changed.emit('change');
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
      if (file) return download(file[1]!, decodeURIComponent(file[2]!), res);
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!m || m[1] !== token) return json(res, 401, botFixture('error-unauthorized.json'));
      const method = m[2]!;
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      if (failed(method, res)) return;
      if (method === 'getUpdates') return getUpdates(body, res);
      if (method === 'sendMessage') {
        state.sent.push(body as BotApiServer['sent'][number]);
        const answer = botFixture('sendMessage.json');
        Object.assign(answer.result as Record<string, unknown>, { text: body.text, chat: { id: body.chat_id, type: 'private', first_name: 'Test Firstname' } });
        return json(res, 200, answer);
      }
      if (method === 'getFile') {
        state.files.push(String(body.file_id));
        const answer = botFixture('getFile.json');
        const result = answer.result as Record<string, unknown>;
        result.file_id = body.file_id;
        const f = held.get(String(body.file_id));
        if (f) Object.assign(result, { file_path: f.path, file_size: f.bytes.length });
        return json(res, 200, answer);
      }
      return json(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    });
  });

  /** Answers with the next scripted failure for `method` (a dropped connection, an HTML error page, an error JSON), if any. */
  function failed(method: string, res: http.ServerResponse): boolean {
    const f = failures.get(method)?.shift();
    if (!f) return false;
    if (f === 'reset') {
      res.socket?.destroy();
      changed.emit('change');
    } else if ('body' in f) {
      res.writeHead(f.status, { 'content-type': 'text/html' }).end(f.body);
      changed.emit('change');
    } else json(res, f.status, botFixture(f.fixture));
    return true;
  }

  // As api.telegram.org answers file downloads: the bytes, or a JSON error (wrong token, unknown path).
  function download(tok: string, filePath: string, res: http.ServerResponse): void {
    if (tok !== token) return json(res, 401, botFixture('error-unauthorized.json'));
    if (failed('download', res)) return;
    const held1 = [...held.values()].find((h) => h.path === filePath);
    if (!held1) return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    state.downloads.push(filePath);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': held1.bytes.length }).end(held1.bytes);
    changed.emit('change');
  }

  function getUpdates(body: Record<string, unknown>, res: http.ServerResponse): void {
    const offset = typeof body.offset === 'number' ? body.offset : undefined;
    state.polls.push({ ...(offset !== undefined ? { offset } : {}), ...(typeof body.timeout === 'number' ? { timeout: body.timeout } : {}) });
    // An offset confirms every update before it: Telegram forgets them.
    if (offset !== undefined) queue = queue.filter((u) => (u.update_id as number) >= offset);
    const answer = () => json(res, 200, { ok: true, result: queue.slice(0, typeof body.limit === 'number' ? body.limit : 100) });
    if (queue.length || !body.timeout) return answer();
    // Long poll: answer when updates arrive or the timeout passes, whichever is first.
    const done = () => {
      waiting.delete(done);
      clearTimeout(timer);
      if (!res.writableEnded && !res.destroyed) answer();
    };
    const timer = setTimeout(done, Number(body.timeout) * 1000);
    waiting.add(done);
    res.on('close', () => {
      waiting.delete(done);
      clearTimeout(timer);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    ...state,
    putFile(fileId, filePath, bytes) {
      held.set(fileId, { path: filePath, bytes });
    },
    push(...updates) {
      queue.push(...updates);
      for (const w of [...waiting]) w();
    },
    fail(method, n, how) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: n }, () => how)]);
    },
    until(pred) {
      return new Promise((resolve) => {
        if (pred()) return resolve();
        const check = () => {
          if (!pred()) return;
          changed.off('change', check);
          resolve();
        };
        changed.on('change', check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of [...waiting]) w();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
