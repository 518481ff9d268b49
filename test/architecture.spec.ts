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
