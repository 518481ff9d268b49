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
    expect(hits(apps, /\b(liveRungs|rungTime|decideClockRung|DEFAULT_LADDER|ladderFor)\b/)).toEqual([]);
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
      join('libs', 'tasks', 'src', 'infrastructure', 'report-due-clock.subject.ts'),
    ]));
  });
});
