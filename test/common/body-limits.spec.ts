import { BODY_LIMITS, formBeyondLimits, scanJson } from '../../src/common/body-limits';

describe('Body limits, read from the text', () => {
  it('passes what a client sends, whatever its strings hold', () => {
    const text = JSON.stringify({
      title: { fr: `${'{[:,'.repeat(5_000)}"\\`, ko: '한불 "포럼" [2026]' },
      organisationIds: Array.from({ length: BODY_LIMITS.arrayLength }, (_, i) => `id-${i}`),
      nested: [[[[{ a: [1, { b: 2 }] }]]]],
    });
    expect(scanJson(text)).toEqual({ beyond: [], protoKey: null });
  });

  it('counts keys at every level and names the first ones past the limit', () => {
    const inner = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i]));
    const { beyond } = scanJson(JSON.stringify({ a: inner, b: inner }));
    expect(beyond.map((e) => e.field)).toEqual(['b.k398', 'b.k399', 'b.k400', 'b.k401', 'b.k402']);
    expect(beyond.every((e) => e.constraint === 'maxKeys')).toBe(true);
  });

  it('names the place where nesting goes too deep, once', () => {
    const { beyond } = scanJson(`{"a":{"b":${'['.repeat(40)}${']'.repeat(40)}}}`);
    expect(beyond).toEqual([expect.objectContaining({ field: `a.b${'.0'.repeat(14)}`, constraint: 'maxDepth' })]);
  });

  it('names each array past its length, by its path', () => {
    const long = Array.from({ length: BODY_LIMITS.arrayLength + 1 }, () => 0);
    const { beyond } = scanJson(JSON.stringify({ hosts: [{ themeIds: long }], ids: long }));
    expect(beyond.map((e) => e.field)).toEqual(['hosts.0.themeIds', 'ids']);
  });

  it('finds a key named __proto__ at any level', () => {
    expect(scanJson('{"a":[{"b":1},{"__proto__":{"x":1}}]}').protoKey).toBe('a.1.__proto__');
    expect(scanJson('{"a":"__proto__"}').protoKey).toBeNull();
  });

  it('counts a form’s fields without parsing it, repeated names included', () => {
    expect(formBeyondLimits(Array.from({ length: BODY_LIMITS.keys }, (_, i) => `f${i}=1`).join('&'))).toEqual([]);
    const beyond = formBeyondLimits(Array.from({ length: 50_000 }, () => 'themeIds=x').join('&'));
    expect(beyond).toHaveLength(5);
    expect(beyond[0]).toEqual(expect.objectContaining({ field: 'themeIds', constraint: 'maxKeys' }));
  });
});
