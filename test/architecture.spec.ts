// Layer rule (docs/architecture.md): the domain of every lib is plain TypeScript — no Nest, Prisma, BullMQ, Redis or
// pg, and none of the libs' framework entry points. It is what keeps every rule testable in milliseconds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN = [/from '@nestjs\//, /from '@prisma\//, /from 'bullmq'/, /from 'ioredis'/, /from 'pg'/, /from '#platform'/, /from '#[a-z]+-nest'/, /from '#prisma-client'/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

const domains = readdirSync('libs').map((l) => join('libs', l, 'src', 'domain')).filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } });

describe('domain layers are framework-free', () => {
  it('finds the domain folders', () => {
    expect(domains.length).toBeGreaterThanOrEqual(5);
  });
  it.each(domains)('%s imports no framework', (dir) => {
    const offenders = files(dir).flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').filter((line) => FORBIDDEN.some((re) => re.test(line))).map((line) => `${f}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});

// Issue 12 §4: reference data lives in the database; only the seed and tests read prisma/seed-data.
describe('production code reads no seed data', () => {
  const production = ['apps', 'libs'].flatMap((d) => files(d)).filter((f) => !f.includes('/testing/') && !f.endsWith('.int-spec.ts') && !f.endsWith('.e2e-spec.ts'));
  it('finds the production files', () => {
    expect(production.length).toBeGreaterThan(100);
  });
  it('none imports prisma/seed-data', () => {
    expect(production.filter((f) => /seed-data\//.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});

// Issue 12 §5: one word per concept. The domain declares its codes once (domain/vocabulary.ts, importing nothing) and
// libs/contracts re-exports them; contracts reach into the libs only for such dependency-free files (they run in the browser).
describe('contracts re-export the domain’s words', () => {
  const contracts = files('libs/contracts/src');
  const outside = contracts.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/from '(\.\.\/\.\.\/[^']+)'/g)].map((m) => join('libs/contracts/src', m[1]!).replace(/\.js$/, '.ts')));
  it('import domain files only', () => {
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((p) => !/^libs\/[a-z]+\/src\/domain\//.test(p))).toEqual([]);
  });
  it('and those files import nothing', () => {
    expect([...new Set(outside)].filter((p) => /^import /m.test(readFileSync(p, 'utf8')))).toEqual([]);
  });
  it('declare no enum of their own that the domain declares', () => {
    const declared = (src: string) => [...src.matchAll(/^export (?:type|const) ([A-Za-z_]+)/gm)].map((m) => m[1]!);
    const domainWords = new Set([...new Set(outside)].flatMap((p) => declared(readFileSync(p, 'utf8'))));
    expect(contracts.flatMap((f) => declared(readFileSync(f, 'utf8')).filter((n) => domainWords.has(n)).map((n) => `${f}: ${n}`))).toEqual([]);
  });
});

// Issue 12: one clock engine. libs/deadlines owns the exactly-once claim, the rung rule and rung timing, arming and
// the sweep; a kind of clock plugs in through a `ClockSubject` adapter; apps only receive jobs and call the engine.
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' || n === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(p) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(p) ? [p] : [];
  });
}
const production = [...sources('libs'), ...sources('apps')];
const outsideEngine = production.filter((f) => !f.startsWith(join('libs', 'deadlines')));
const hits = (fs: readonly string[], re: RegExp) =>
  fs.flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ f, i, line })).filter(({ line }) => re.test(line)).map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`));

describe('only libs/deadlines arms or fires clocks', () => {
  it('finds the sources', () => {
    expect(outsideEngine.length).toBeGreaterThan(100);
    expect(production.length).toBeGreaterThan(outsideEngine.length);
  });

  it('no other lib or app writes the claim table (deadline_firings)', () => {
    expect(hits(outsideEngine, /INSERT\s+INTO\s+"?deadline_firings|UPDATE\s+"?deadline_firings|DELETE\s+FROM\s+"?deadline_firings|deadlineFiring\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\b/i)).toEqual([]);
  });

  it('no other lib or app times or decides a rung itself (the engine\'s rungTime / liveRungs / decideClockRung do)', () => {
    expect(hits(outsideEngine, /\brungFireAt\s*\(|\brungHorizon\s*\(/)).toEqual([]);
    // The rule has one body: `decideClockRung` in libs/deadlines/src/domain/rung.ts. Subjects wrap it with their effect.
    expect(hits(outsideEngine, /rung\s*===\s*'warn'[^?]*dueAt/)).toEqual([]);
  });

  it('the fire and re-projection use cases live in libs/deadlines only', () => {
    expect(hits(outsideEngine, /@CommandHandler\((FireDeadlineRung|FireDeadlineRungs|RecomputeDeadlines|FireReportDeadlineRung|MarkSupervisionsOverdue)\)/)).toEqual([]);
  });

  it('the apps hold no clock logic and write no clock row: the worker receives jobs and calls the engine', () => {
    const apps = production.filter((f) => f.startsWith('apps'));
    // The console may show the default ladder (the domain's DEFAULT_LADDER, re-exported by #contracts) but decides nothing.
    const servers = apps.filter((f) => !f.startsWith(join('apps', 'web')));
    expect(hits(servers, /\b(liveRungs|rungTime|decideClockRung|DEFAULT_LADDER|ladderFor)\b/)).toEqual([]);
    expect(hits(apps, /\b(liveRungs|rungTime|decideClockRung|ladderFor)\b/)).toEqual([]);
    expect(hits(apps, /(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?deadlines\b|\.deadline\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\b/i)).toEqual([]);
    expect(hits(apps.filter((f) => f.startsWith(join('apps', 'worker'))), /FROM\s+"?deadlines\b|\.deadline\.find/i)).toEqual([]);
  });

  it('the window rule (a ladder without `due` never goes overdue) is written once, and the console imports it', () => {
    expect(hits(production.filter((f) => !f.endsWith(join('deadlines', 'src', 'domain', 'window.ts'))), /\.some\(\(?\w+\)?\s*=>\s*\w+\.rung\s*===\s*'due'\)/)).toEqual([]);
    expect(readFileSync(join('apps', 'web', 'src', 'pages', 'admin', 'TimeLimitsPage.tsx'), 'utf8')).toMatch(/import \{ isWindow \} from '#window'/);
  });

  it('libs/cases does not reach into libs/tasks (each subject is its own adapter)', () => {
    expect(hits(production.filter((f) => f.startsWith(join('libs', 'cases'))), /from '#tasks(-nest)?'/)).toEqual([]);
  });

  it('every kind of clock registers with the engine as a ClockSubject', () => {
    const adapters = hits(production, /extends ClockSubject</).map((h) => h.split(':')[0]);
    expect(adapters).toEqual(expect.arrayContaining([
      join('libs', 'cases', 'src', 'infrastructure', 'case-clock.subject.ts'),
      join('libs', 'cases', 'src', 'infrastructure', 'supervision-clock.subject.ts'),
      join('libs', 'cases', 'src', 'infrastructure', 'odr-clock.subject.ts'),
      join('libs', 'tasks', 'src', 'infrastructure', 'report-due-clock.subject.ts'),
    ]));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Ports (issue 12 part 2): application code reaches the database only through ports, and every table has exactly
// one writer — one adapter file under some lib's infrastructure/ (or the platform's, for the outbox and the
// idempotency keys). Both checks read the source, so a new direct call or a second writer fails here.

const source = (roots: string[]) =>
  roots.flatMap((r) => { try { return files(r); } catch { return []; } }).filter((f) => !/\.(int|e2e)-spec\.ts$/.test(f));
const appDirs = readdirSync('libs').map((l) => join('libs', l, 'src', 'application'));

/** What counts as "calls Prisma or SQL" in application code. */
const DB_ACCESS: RegExp[] = [
  /\bPrismaService\b/, /from '#prisma-client'/, /from '@prisma\//, /\$(queryRaw|executeRaw|transaction)\w*/,
  /\b(prisma|tx|db|client)\)?\.[a-z]\w*\.(findMany|findFirst|findUnique|findFirstOrThrow|findUniqueOrThrow|count|aggregate|groupBy|create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)\(/,
  /\b(INSERT INTO|DELETE FROM)\b|\bUPDATE\s+"?\w+"?(?:\s+(?:AS\s+)?(?!SET\b)\w+)?\s+SET\b/,
];

/**
 * Application files not yet behind ports, each with why. The list may only shrink: an entry that no longer
 * touches the database fails the test too, so it is removed when its file is ported.
 */
const NOT_YET_PORTED: Record<string, string> = {
  // Empty since issue 12 part 2: every application file reaches the database through a port. A new entry needs a
  // real, stated reason.
};

function dbAccess(f: string): string[] {
  return readFileSync(f, 'utf8').split('\n').filter((line) => DB_ACCESS.some((re) => re.test(line))).map((l) => l.trim());
}

describe('application code imports no Prisma client and no raw SQL', () => {
  const appFiles = source(appDirs).filter((f) => !f.endsWith('.spec.ts'));
  it('finds the application folders', () => {
    expect(appFiles.length).toBeGreaterThanOrEqual(30);
  });
  it('no application file outside the list calls Prisma or SQL', () => {
    const offenders = appFiles.filter((f) => !(f in NOT_YET_PORTED)).flatMap((f) => dbAccess(f).map((l) => `${f}: ${l}`));
    expect(offenders).toEqual([]);
  });
  it('every file on the not-yet-ported list still exists and still calls the database (the list only shrinks)', () => {
    const stale = Object.keys(NOT_YET_PORTED).filter((f) => !appFiles.includes(f) || dbAccess(f).length === 0);
    expect(stale).toEqual([]);
  });
});

/** Prisma model delegate (e.g. `workTask`) → table (`work_tasks`), from the schema's @@map lines. */
function tablesOfModels(): Map<string, string> {
  const schema = readFileSync('prisma/schema.prisma', 'utf8');
  const out = new Map<string, string>();
  for (const m of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("(\w+)"\)/.exec(m[2]!)?.[1] ?? m[1]!;
    out.set(m[1]![0]!.toLowerCase() + m[1]!.slice(1), table);
  }
  return out;
}

const WRITE = 'create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany';

/** Every table written by a production source file (libs, apps, scripts; not the seed, not tests): table → files. */
function writersByTable(roots = ['libs', 'apps/api/src', 'apps/worker/src', 'scripts']): Map<string, Set<string>> {
  const models = tablesOfModels();
  const tables = new Set(models.values());
  const writers = new Map<string, Set<string>>();
  const add = (table: string, f: string) => {
    if (!tables.has(table)) return;
    writers.set(table, (writers.get(table) ?? new Set()).add(f));
  };
  for (const f of source(roots).filter((x) => !x.endsWith('.spec.ts') && !x.includes('/in-memory'))) {
    const text = readFileSync(f, 'utf8');
    // `tx.deadline.update(`, also split over lines (`tx\n  .deadline\n  .update(`), after `!` or `)`, or `tx['deadline']`.
    for (const m of text.matchAll(new RegExp(String.raw`[\w)\]!]\s*(?:\.\s*(\w+)|\[\s*['"](\w+)['"]\s*\])\s*\.\s*(?:${WRITE})\s*\(`, 'g'))) {
      const t = models.get((m[1] ?? m[2])!);
      if (t) add(t, f);
    }
    // SQL, also `ONLY`, schema-qualified or quoted names (`UPDATE ONLY "public"."deadlines" d SET`).
    for (const m of text.matchAll(/\b(?:INSERT INTO|DELETE FROM|TRUNCATE|MERGE INTO)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?(\w+)|\bUPDATE\s+(?:ONLY\s+)?(?:"?public"?\.)?"?(\w+)"?(?:\s+(?:AS\s+)?(?!SET\b)\w+)?\s+SET\b/g)) add((m[1] ?? m[2])!, f);
    // A table named at run time (`INSERT INTO ${table}`) cannot be read from the source: such a file must say which.
    if (/\b(?:INSERT INTO|DELETE FROM|TRUNCATE|UPDATE)\s+\$\{/.test(text)) {
      if (!(f in DYNAMIC_WRITERS)) unnamed.push(f);
      for (const t of DYNAMIC_WRITERS[f] ?? []) add(t, f);
    }
  }
  return writers;
}

/** Files whose SQL names its table at run time, and the tables they write that way. */
const unnamed: string[] = [];
const DYNAMIC_WRITERS: Record<string, string[]> = {
  'libs/analytics/src/infrastructure/rollup.processor.ts': ['analytics_unit_days', 'analytics_unit_months'],
};

/**
 * Tables that still have more than one writer, each with why; may only shrink. The clock tables have one writer each
 * in libs/deadlines (below); `deadlines` left this list with issue 12.
 */
const SHARED_WRITERS: Record<string, string> = {
  cases:
    'by design: the case subject\'s fire statement (case-clock.subject.ts, one statement of CTEs after the engine\'s claim, the lean batched path of docs/deadlines.md) flags the case overdue and bumps its version; every command writes through PrismaCaseRepository. Not seen here: cases.next_due_at (the list order) is written only by the statement triggers on deadlines of migration 20261207030000 — clocks are also written by database triggers, so no code writer could keep it exact',
  case_events:
    'by design: the case subject\'s fire statement appends the rung\'s timeline event in the same CTE statement as its claim; every command appends through PrismaCaseRepository',
  notifications:
    'by design: the case subject\'s fire statement inserts the rung\'s inbox item in the same CTE statement as its claim; every other writer (commands, re-projection, supervision and report-due rungs) appends through the Inbox port (PrismaInbox)',
  outbox:
    'the platform Outbox, the registration statement (kept single-statement by design) and the relay marking rows dispatched',
  idempotency_keys:
    'the platform IdempotencyKeys and the registration statement, which records the result under the key in the same statement (by design)',
};

describe('each table has one writer', () => {
  const writers = writersByTable();
  it('finds the writers of the main tables', () => {
    for (const t of ['cases', 'case_events', 'users', 'units', 'routing_rules', 'outbox', 'notifications']) expect(writers.has(t)).toBe(true);
  });
  it('no table outside the list is written by two files', () => {
    const many = [...writers].filter(([t, fs]) => fs.size > 1 && !(t in SHARED_WRITERS)).map(([t, fs]) => `${t}: ${[...fs].sort().join(', ')}`);
    expect(many).toEqual([]);
  });
  it('every table on the shared list still has several writers (the list only shrinks)', () => {
    const stale = Object.keys(SHARED_WRITERS).filter((t) => (writers.get(t)?.size ?? 0) < 2);
    expect(stale).toEqual([]);
  });
  it('a write whose table is named at run time is declared (DYNAMIC_WRITERS)', () => {
    expect(unnamed).toEqual([]);
  });
  it('the clock tables are written by libs/deadlines only: clocks, pauses and extensions by ClockRows, firings by RungClaim', () => {
    // Subject adapters (case repository, report dues) call ClockRows in their transaction; single-statement writers
    // compose its SQL fragments. Not seen here: the database triggers of migrations 20261205010100 (supervision reply
    // clocks) and 20261205090100 (ODR windows), which open, move and meet their clocks in SQL; and the triggers of
    // 20261207030000, which copy each case's earliest open clock into cases.next_due_at (they write no clock).
    const clockRows = 'libs/deadlines/src/infrastructure/clock-rows.ts';
    for (const t of ['deadlines', 'deadline_pauses', 'deadline_extensions']) expect([t, [...(writers.get(t) ?? [])]]).toEqual([t, [clockRows]]);
    expect([...(writers.get('deadline_firings') ?? [])]).toEqual(['libs/deadlines/src/infrastructure/rung-claim.ts']);
  });
  it('every writer is an adapter: a file under infrastructure/ (libs) or the platform and worker plumbing', () => {
    const misplaced = [...writers].flatMap(([t, fs]) => [...fs].filter((f) => /\/application\//.test(f) && !(f in NOT_YET_PORTED)).map((f) => `${t}: ${f}`));
    expect(misplaced).toEqual([]);
  });
});
