// Property-based fuzzing over the API's own OpenAPI document (issue 11 §2): every operation gets generated bad
// input — wrong types, nulls, huge or deeply nested values, NUL and lone surrogates, out-of-span dates, bad ids in
// the path — from nobody and from signed-in roles. Every answer must come quickly and be no 5xx; a request that
// carries something no route may accept (a "poison") must be refused, and a refused request changes nothing in
// the database. FUZZ_RUNS (per operation, default 8) sizes it (8: ~720 requests, ~30 s); FUZZ_SEED replays a run.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { complaintBody } from '#testing';
import { boot, type Harness } from '../support/harness.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
// CI runs one fixed seed (a red run must be reproducible); FUZZ_SEED=random explores, FUZZ_SEED=N replays.
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 12315);
const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 5000);
// Tables a refused request may still write: audit trails of reads and sign-in attempts (other parts of the issue).
const UNCHECKED_TABLES = /^_prisma|audit|identity_?read|login|attempt|throttl|idempot/i;

type Schema = {
  $ref?: string; type?: string; format?: string; enum?: unknown[]; example?: unknown; items?: Schema; allOf?: Schema[];
  properties?: Record<string, Schema>; required?: string[]; minimum?: number; nullable?: boolean; default?: unknown;
};
interface Param { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }
interface Op { method: string; path: string; params: Param[]; body?: Schema }
type Caller = 'none' | 'admin' | 'operator' | 'handler.wl';

let h: Harness;
let spec: { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }>>; components: { schemas: Record<string, Schema> } };
const tokens: Partial<Record<Caller, string>> = {};
const realIds: string[] = [];
const ownIds: string[] = [];
const stats = { sent: 0, byStatus: new Map<number, number>(), fiveXx: 0, refusedPoison: 0, accepted: 0, slowest: 0 };

function deref(s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; cur.$ref && i < 10; i++) cur = spec.components.schemas[cur.$ref.replace('#/components/schemas/', '')] ?? {};
  if (cur.allOf?.length === 1) return deref(cur.allOf[0]);
  return cur;
}

/** A value the schema would plausibly take; the generators then spoil some part of it. */
function plausible(s0: Schema | undefined, name = '', depth = 0): unknown {
  const s = deref(s0);
  if (s.enum?.length) return s.enum[0];
  if (s.example !== undefined && typeof s.example !== 'object') return s.example;
  if (s.format === 'uuid' || /id$/i.test(name)) return randomUUID();
  if (s.format === 'date') return h.clock.now().toISOString().slice(0, 10);
  if (s.format === 'date-time') return h.clock.now().toISOString();
  switch (s.type) {
    case 'integer': case 'number': return s.minimum ?? 1;
    case 'boolean': return true;
    case 'array': return depth > 3 ? [] : [plausible(s.items, name, depth + 1)];
    case 'object': case undefined:
      if (!s.properties || depth > 3) return s.type === 'object' ? {} : 'x';
      return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, plausible(v, k, depth + 1)]));
    default: return 'x';
  }
}

// ---- generated values

/** Nested n deep: serialised by hand (JSON.stringify would recurse). */
class Deep { constructor(readonly n: number) {} }
const POISON_CHARS = ['\u0000', '\ud800', '\udc00', '\udbff'];
const poisonString = fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...POISON_CHARS), fc.string({ maxLength: 8 })).map(([a, p, b]) => a + p + b);
// In a URL only NUL arrives as such: a percent-encoded lone surrogate is invalid UTF-8, which no decoder turns into one.
const nulString = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`);
const poison: fc.Arbitrary<unknown> = fc.oneof(poisonString, fc.integer({ min: 17, max: 20_000 }).map((n) => new Deep(n)));
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '9999-12-31', '0000-00-00', '2026-02-30', '1999-12-31', '2100-01-01', '9999-12-31T23:59:59Z', '-000001-01-01T00:00:00Z',
    'not-a-uuid', '00000000-0000-0000-0000-000000000000', "' OR 1=1 --", '../../etc/passwd', '%00', '\\u0000', 'null', 'true', '1e309', 'NaN',
    'x'.repeat(10_001), '长'.repeat(6_000), '2026-13-01', 'workingDays', 'admin',
  ),
);
const weird: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, 3650000, [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxLength: 6 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 4 }),
  fc.constant(Array.from({ length: 20_000 }, () => 'a')),
);

/** JSON text for a body: Deep markers become `[[[…]]]` written out, lone surrogates stay (JSON escapes them). */
function toJson(v: unknown): string {
  const deep: number[] = [];
  const text = JSON.stringify(v, (_k, x: unknown) => (x instanceof Deep ? `\u0001DEEP${deep.push(x.n) - 1}\u0001` : x)) ?? 'null';
  return text.replace(/"\\u0001DEEP(\d+)\\u0001"/g, (_m, i: string) => '['.repeat(deep[Number(i)]!) + ']'.repeat(deep[Number(i)]!));
}
/** Percent-encoding that also carries lone surrogates (as the three bytes a careless client would send). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s].map((c) => {
      const cp = c.codePointAt(0)!;
      if (cp >= 0xd800 && cp <= 0xdfff) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      return encodeURIComponent(c);
    }).join('');
  }
}
const asParam = (v: unknown): string => (typeof v === 'string' ? v : v instanceof Deep ? '['.repeat(Math.min(v.n, 50)) : JSON.stringify(v) ?? '');

interface Spoil { where: 'body' | 'bodyWhole' | 'bodyExtra' | 'query' | 'path'; key: string; value: unknown; poison: boolean }

/** Requests for one operation: a plausible request with one part spoiled, from one caller. */
function requests(op: Op): fc.Arbitrary<{ caller: Caller; spoil: Spoil; realId: number | null }> {
  const bodyProps = op.body ? Object.keys(deref(op.body).properties ?? {}) : [];
  const query = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  const path = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  // Values that pass a DTO and reach the handler: ids of nothing or of the wrong kind of record, the span's edges.
  const plausibleOdd = fc.oneof(fc.uuid(), fc.constantFrom(...realIds, '2000-01-01', '2099-12-31', '2099-12-31T23:59:59+08:00', '2000-01-01T00:00:00+08:00'));
  const bad = fc.oneof(
    { weight: 1, arbitrary: poison.map((value) => ({ value, poison: true })) },
    { weight: 3, arbitrary: weird.map((value) => ({ value, poison: false })) },
    { weight: 1, arbitrary: plausibleOdd.map((value) => ({ value, poison: false })) },
  );
  const spoils: fc.Arbitrary<Spoil>[] = [];
  if (op.body) {
    if (bodyProps.length) spoils.push(fc.tuple(fc.constantFrom(...bodyProps), bad).map(([key, b]) => ({ where: 'body' as const, key, ...b })));
    spoils.push(fc.oneof(oddString, fc.constantFrom(null, 1, [], [1, 2])).map((value) => ({ where: 'bodyWhole' as const, key: '', value, poison: true })));
    spoils.push(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !bodyProps.includes(k) && k !== '__proto__'), weird)
      .map(([key, value]) => ({ where: 'bodyExtra' as const, key, value, poison: true })));
  }
  // A query string carries text only: its poison is NUL.
  const textBad = fc.oneof(
    { weight: 1, arbitrary: nulString.map((value) => ({ value, poison: true })) },
    { weight: 3, arbitrary: weird.map((value) => ({ value, poison: false })) },
    { weight: 1, arbitrary: plausibleOdd.map((value) => ({ value, poison: false })) },
  );
  if (query.length) spoils.push(fc.tuple(fc.constantFrom(...query), textBad).map(([key, b]) => ({ where: 'query' as const, key, ...b })));
  if (path.length) spoils.push(fc.tuple(fc.constantFrom(...path), fc.oneof(fc.oneof(oddString, poisonString).map((value) => ({ value, poison: false })), nulString.map((value) => ({ value, poison: true }))))
    .map(([key, b]) => ({ where: 'path' as const, key, ...b })));
  if (!spoils.length) spoils.push(fc.constant({ where: 'query' as const, key: 'zz', value: 'x', poison: false }));
  return fc.record({ caller: fc.constantFrom<Caller>('none', 'admin', 'operator', 'handler.wl'), spoil: fc.oneof(...spoils), realId: fc.option(fc.nat({ max: 99 })) });
}

/** md5 of every row of every table a refused request must not touch. */
async function checksum(): Promise<string> {
  const tables = await h.db.prisma.$queryRawUnsafe<{ t: string }[]>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const sql = tables.filter(({ t }) => !UNCHECKED_TABLES.test(t))
    .map(({ t }) => {
      // a refused sign-in counts towards the account's lockout (by design): the rest of the row must not change
      const row = t === 'users' ? `(to_jsonb(x) - 'failed_logins' - 'locked_until')::text` : 'x::text';
      return `SELECT '${t}' AS t, count(*) AS n, coalesce(md5(string_agg(md5(${row}), '' ORDER BY md5(${row}))), '') AS h FROM "${t}" x`;
    }).join(' UNION ALL ');
  const rows = await h.db.prisma.$queryRawUnsafe<{ t: string; n: bigint; h: string }[]>(sql);
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join('|');
}

async function send(op: Op, r: { caller: Caller; spoil: Spoil; realId: number | null }) {
  const { spoil } = r;
  // Aimed at real records: with a poison any of them (nothing may change); with a merely odd value only the fuzz's
  // own cases and units (a request that turns out valid may change those, never the users it signs in with).
  const pool = spoil.poison ? realIds : ownIds;
  const useReal = r.realId !== null && spoil.where !== 'path' && pool.length > 0;
  let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (spoil.where === 'path' && spoil.key === name) return enc(asParam(spoil.value));
    const p = op.params.find((x) => x.name === name);
    const v = plausible(p?.schema, name);
    return enc(useReal && /id$/i.test(name) ? pool[r.realId! % pool.length]! : String(v));
  });
  const qs = op.params.filter((p) => p.in === 'query').map((p) => {
    const v = spoil.where === 'query' && spoil.key === p.name ? asParam(spoil.value) : String(plausible(p.schema, p.name));
    return `${enc(p.name)}=${enc(v)}`;
  });
  if (spoil.where === 'query' && !op.params.some((p) => p.name === spoil.key)) qs.push(`${enc(spoil.key)}=${enc(asParam(spoil.value))}`);
  if (qs.length) url += `?${qs.join('&')}`;
  let body: string | undefined;
  if (op.body) {
    const base = plausible(op.body) as Record<string, unknown>;
    if (op.path === '/api/v1/cases' && op.method === 'post') Object.assign(base, complaintBody({ receivedAt: h.clock.now().toISOString() }));
    const value = spoil.where === 'bodyWhole' ? spoil.value : spoil.where === 'body' || spoil.where === 'bodyExtra' ? { ...base, [spoil.key]: spoil.value } : base;
    body = toJson(value);
  }
  let req = h.http()[op.method as 'get'](url);
  if (r.caller !== 'none') req = req.set('Authorization', tokens[r.caller]!);
  if (body !== undefined) req = req.set('Content-Type', 'application/json').send(body);
  const started = Date.now();
  const res = await req.ok(() => true);
  const ms = Date.now() - started;
  stats.sent++;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  stats.slowest = Math.max(stats.slowest, ms);
  if (res.status >= 500) stats.fiveXx++;
  return { status: res.status, ms, body: res.body as unknown, url };
}

beforeAll(async () => {
  h = await boot();
  spec = (await h.http().get('/docs/openapi.json').expect(200)).body;
  for (const c of ['admin', 'operator', 'handler.wl'] as const) tokens[c] = await h.as(c);
  // Real ids to aim poisoned requests at: a registered case, units, users.
  const c = await h.http().post('/api/v1/cases').set('Authorization', tokens.operator!).send(complaintBody({ receivedAt: h.clock.now().toISOString() })).expect(201);
  const d = await h.http().post('/api/v1/cases').set('Authorization', tokens.operator!).send(complaintBody({ receivedAt: h.clock.now().toISOString(), type: 'report', description: '无证经营' })).expect(201);
  ownIds.push(c.body.id, d.body.id, ...(await h.db.prisma.unit.findMany({ take: 3, orderBy: { code: 'asc' } })).map((u) => u.id));
  realIds.push(...ownIds, ...(await h.db.prisma.user.findMany({ take: 3 })).map((u) => u.id));
});
afterAll(async () => {
  const statuses = [...stats.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`[fuzz] seed ${SEED}, ${RUNS} runs per operation: sent ${stats.sent} requests, 5xx ${stats.fiveXx}; ` +
    `poisoned requests refused ${stats.refusedPoison}, accepted (valid after all) ${stats.accepted}; slowest ${stats.slowest} ms; statuses ${statuses}`);
  await h?.close();
});

describe('fuzzing every operation of /docs/openapi.json', () => {
  it('answers bad input with a quick 4xx (never 5xx), and a refused request changes nothing', async () => {
    const ops: Op[] = [];
    for (const [path, methods] of Object.entries(spec.paths))
      for (const [method, o] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const body = o.requestBody?.content['application/json']?.schema;
        ops.push({ method, path, params: o.parameters ?? [], body });
      }
    expect(ops.length).toBeGreaterThan(50);
    let seed = SEED;
    for (const op of ops) {
      await fc.assert(fc.asyncProperty(requests(op), async (r) => {
        const before = op.method === 'get' ? '' : await checksum();
        const res = await send(op, r);
        const what = `${op.method.toUpperCase()} ${res.url.slice(0, 200)} as ${r.caller} (${r.spoil.where} ${r.spoil.key}) → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect({ what, status: res.status < 500 }).toEqual({ what, status: true });
        expect({ what, ms: res.ms < SLOW_MS }).toEqual({ what, ms: true });
        if (r.spoil.poison) {
          expect({ what, refused: res.status >= 400 }).toEqual({ what, refused: true });
          stats.refusedPoison++;
        }
        if (op.method === 'get') return;
        if (res.status >= 400) expect({ what, unchanged: (await checksum()) === before }).toEqual({ what, unchanged: true });
        else stats.accepted++;
      }), { numRuns: RUNS, seed: seed++, endOnFailure: true });
    }
    expect(stats.fiveXx).toBe(0);
  }, 120_000 + RUNS * 30_000); // a larger FUZZ_RUNS gets the time it needs
});
