/** Code-point order of ids: the same on every machine and in every locale, so ties break alike. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
