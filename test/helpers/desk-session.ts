import { expect } from 'vitest';
import type { createApp } from '../../src/web/app.ts';
import { PASSWORD } from './desk.ts';

export const BASE = 'http://desk.test';

export interface DeskSession {
  cookie: string;
  csrf: string;
}

/** Signs in through the login form as a browser does; the CSRF token is read from a rendered page. */
export async function deskLogin(app: ReturnType<typeof createApp>, username: string): Promise<DeskSession> {
  const res = await app.request(`${BASE}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: new URLSearchParams({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await app.request(`${BASE}/queue`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf };
}

/** A form post of the session (urlencoded; repeated keys as a browser sends checkboxes). */
export function formPost(s: DeskSession, fields: Array<[string, string]>, referer = `${BASE}/queue`): RequestInit {
  return {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: BASE, referer },
    body: new URLSearchParams([['_csrf', s.csrf], ...fields]),
  };
}

/** The one-time message a redirect set, as the next page would show it. */
export function flashOf(res: Response): { kind: string; text: string } | null {
  const raw = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('saring_pesan='))
    ?.split(';')[0]!
    .slice('saring_pesan='.length);
  return raw ? (JSON.parse(decodeURIComponent(raw)) as { kind: string; text: string }) : null;
}
