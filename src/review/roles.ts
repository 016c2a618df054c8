import { DeskError } from '../errors.ts';
import { ROLE_LABEL, type Role } from '../vocabulary.ts';

export { ROLE_LABEL, ROLES } from '../vocabulary.ts';

/**
 * Every action the desk offers and the roles that may take it. The server checks this on every
 * request; the pages use it only to decide which forms to show. Reading is open to every signed-in
 * role (pimpinan is read-only except for decisions on clarifications).
 */
const ALLOWED = {
  'case.triage': ['analis'], // open a case, verdict, priority, assignee, merge
  'case.note': ['analis', 'humas'],
  'clarification.write': ['humas'], // draft, edit, submit, record publication
  'clarification.decide': ['pimpinan'], // approve or return
  'user.manage': ['admin'],
  'source.manage': ['admin'],
  'registry.manage': ['admin'], // the official-accounts registry
  'jobs.manage': ['admin'], // the job queue and its dead letters (scale-out mode)
  'model.manage': ['admin'], // promote and roll back model versions (the Model page)
  'report.generate': ['pimpinan', 'humas', 'admin'],
  'tip.submit': ['analis', 'humas', 'admin'], // type in a tip received by phone, WhatsApp or in person
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ALLOWED;

/** The signed-in person an action is taken by. */
export interface Actor {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
}

export function can(actor: Pick<Actor, 'roles'>, action: Action): boolean {
  const allowed: readonly Role[] = ALLOWED[action];
  return actor.roles.some((r) => allowed.includes(r));
}

/** Throws FORBIDDEN, naming the roles that would be allowed, unless `actor` may take `action`. */
export function requireRole(actor: Pick<Actor, 'roles'>, action: Action): void {
  if (can(actor, action)) return;
  const who = ALLOWED[action].map((r) => ROLE_LABEL[r]).join(' atau ');
  throw new DeskError('FORBIDDEN', `Tindakan ini hanya untuk peran ${who}.`);
}
