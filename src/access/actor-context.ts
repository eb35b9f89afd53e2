import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal';

export interface Actor {
  principal?: Principal;
  requestId?: string;
}

const storage = new AsyncLocalStorage<Actor>();

/** Who is acting in the current request; read by the audit log. Empty outside a request. */
export function currentActor(): Actor {
  return storage.getStore() ?? {};
}

/** Runs `work` (the rest of a request) with a fresh actor record that the auth guard fills in. */
export function runWithActor<T>(actor: Actor, work: () => T): T {
  return storage.run(actor, work);
}

/** Records the authenticated caller for the rest of the current request. */
export function setPrincipal(principal: Principal | undefined): void {
  const actor = storage.getStore();
  if (actor) {
    actor.principal = principal;
  }
}
