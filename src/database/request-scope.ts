import { AsyncLocalStorage } from 'node:async_hooks';
import { type EntityManager, RequestContext } from '@mikro-orm/core';

export interface RequestScope {
  readonly root: EntityManager;
  em?: EntityManager;
  forking?: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * Runs the rest of an HTTP request in a scope of its own, whose EntityManager is forked the first
 * time the request asks for one: a route that never touches the ORM (a burst of enrolments, each
 * taken in a shared batch with its own fork) does not pay for a fork it does not use.
 */
export function runInRequestScope<T>(root: EntityManager, work: () => T, scope: RequestScope = { root }): T {
  return storage.run(scope, work);
}

/**
 * Lets go of the EntityManager of a request that has been answered. Whatever outlives the request
 * in its async context keeps the scope: a pooled database connection opened during the request
 * holds it as long as the connection lives, and with it every entity the request loaded (a
 * 500-session programme's, say) unless the scope lets them go. Anything still running in that
 * context afterwards gets a fork of its own on first use.
 */
export function releaseRequestScope(scope: RequestScope): void {
  scope.em = undefined;
}

/**
 * MikroORM's `context` option: the EntityManager of the current request, made on first use.
 * A RequestContext opened explicitly (tests, scripts) comes first, as it would by default.
 */
export function requestEntityManager(name: string): EntityManager | undefined {
  const explicit = RequestContext.getEntityManager(name);
  if (explicit) {
    return explicit;
  }
  const scope = storage.getStore();
  // While the fork is being built, its parts ask for the context too: it answers for itself.
  if (!scope || scope.root.name !== name || scope.forking) {
    return undefined;
  }
  if (!scope.em) {
    scope.forking = true;
    try {
      // From the root itself: resolving the context again would come back here.
      scope.em = scope.root.fork({ useContext: true, disableContextResolution: true });
    } finally {
      scope.forking = false;
    }
  }
  return scope.em;
}
