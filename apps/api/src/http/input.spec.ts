import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inSupportedSpan, isSupportedDate, rawInputProblem } from './input.js';

describe('rawInputProblem', () => {
  it('names the first string or key with NUL or a lone surrogate, by its path', () => {
    expect(rawInputProblem({ a: { b: ['ok', 'x\u0000'] } }, '')).toMatchObject({ field: 'a.b[1]', code: 'INVALID_CHARACTER' });
    expect(rawInputProblem({ a: '\ud800' }, '')).toMatchObject({ field: 'a' });
    expect(rawInputProblem({ a: 'x\udc00y' }, '')).toMatchObject({ field: 'a' });
    expect(rawInputProblem('\u0000', 'q')).toMatchObject({ field: 'q' });
    expect(rawInputProblem({ m: { 'k\u0000': null } }, '')).toMatchObject({ field: 'm.k?', code: 'INVALID_CHARACTER' });
  });

  it('refuses keys that would shadow what every object has (the whitelist takes them for declared fields)', () => {
    expect(rawInputProblem({ username: 'a', toString: 1 }, '')).toMatchObject({ field: 'toString', code: 'UNKNOWN_FIELD' });
    expect(rawInputProblem({ a: { valueOf: 'x' } }, '')).toMatchObject({ field: 'a.valueOf', code: 'UNKNOWN_FIELD' });
    expect(rawInputProblem(JSON.parse('{"constructor":1}'), '')).toMatchObject({ field: 'constructor' });
  });

  it('lets through text PostgreSQL stores: CJK, emoji (surrogate pairs), other control characters', () => {
    expect(rawInputProblem({ a: '投诉 😀 \t\n', b: [1, null, true, { c: '𠀀' }] }, '')).toBeNull();
  });

  it('refuses nesting deeper than 16 at the top-level field, without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 200_000; i++) v = [v];
    expect(rawInputProblem({ x: 1, deep: v }, '')).toMatchObject({ field: 'deep', code: 'TOO_DEEPLY_NESTED' });
    expect(rawInputProblem(v, '')).toMatchObject({ field: 'body', code: 'TOO_DEEPLY_NESTED' });
    let ok: unknown = 1;
    for (let i = 0; i < 15; i++) ok = { a: ok };
    expect(rawInputProblem({ ok }, '')).toBeNull();
  });
});

describe('the supported span of dates', () => {
  it('is 2000-01-01..2099-12-31 for days, months and instants (China time)', () => {
    expect(['2000-01-01', '2099-12-31', '2000-01', '2099-12', '2000-01-01T00:00:00+08:00', '2099-12-31T23:59:59+08:00'].every(inSupportedSpan)).toBe(true);
    expect(['1999-12-31', '2100-01-01', '1999-12', '9999-12-31', '1999-12-31T23:59:59+08:00', '2099-12-31T16:00:00Z', 'garbage'].some(inSupportedSpan)).toBe(false);
    expect(isSupportedDate('2026-02-28')).toBe(true);
    expect(isSupportedDate('2026-02-29')).toBe(false);
    expect(isSupportedDate(20260228)).toBe(false);
  });
});

describe('DTOs of the API', () => {
  // class-validator's IsOptional lets null through to handlers that do not expect it (a 500 at the database):
  // DTOs say Optional() (null refused) or Nullable() (null means something) instead.
  it('never use IsOptional', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
    const offenders = files(__dirname).filter((f) => /@IsOptional\(|import[^;]*\bIsOptional\b[^;]*from 'class-validator'/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
