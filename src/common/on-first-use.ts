import { createRequire } from 'node:module';

const requireFromHere = createRequire(__filename);

/**
 * A library loaded the first time it is needed rather than when the process starts. For the large
 * ones only one role or one rare request uses (spreadsheets, SMTP): a process that never needs
 * them keeps their sources and code out of its heap, where the API's public reads want the room.
 */
export function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireFromHere(id) as T);
}
