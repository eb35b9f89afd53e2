/**
 * A PostgreSQL array literal (`{"a","b"}`) for one `?::uuid[]` or `?::text[]` parameter: raw
 * queries expand a JS array into a list of parameters, which `= any(…)` and `unnest(…)` cannot take.
 */
export function sqlArray(values: readonly (string | number | boolean)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
