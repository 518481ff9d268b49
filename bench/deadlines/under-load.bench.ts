// npm run bench:deadlines:under-load — issue 15 §1/§1b: the deadline engine at 100,000 clocks while bench:intake loads
// the same machine, in one script, printing both. Two child processes started together:
//   - bench/deadlines: N (100,000) hour clocks with a real escalation ladder (default `due:0,supervise:60`: the due
//     rung and 60 s later the 督办 rung, which opens a supervision item — issue 3's escalation path), due over
//     --window-s (300) s, fired by the compiled worker;
//   - bench/intake, as deployed (clustered API + its own worker, the 1,000,000-case database), loading for the
//     whole firing window (BENCH_DURATION_S, default window + 120 s), concurrency 32.
// Target: deadline lateness p99 ≤ 1 s under that load (and intake's own figures, printed as they are).
// Flags: --n, --window-s, --ladder, --grace-s (default 180) are passed to the deadlines bench.
import { spawn } from 'node:child_process';

const arg = (name: string, d: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d;
const n = arg('n', '100000');
const windowS = Number(arg('window-s', '300'));
const ladder = arg('ladder', 'due:0,supervise:60');
const grace = arg('grace-s', '180');

function run(label: string, script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const each = (b: Buffer) => {
      const s = b.toString();
      out += s;
      for (const line of s.split('\n')) if (line.trim()) console.log(`[${label}] ${line}`);
    };
    child.stdout.on('data', each);
    child.stderr.on('data', each);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const started = Date.now();
const [deadlines, intake] = await Promise.all([
  run('deadlines', 'dist/bench/deadlines/deadlines.bench.js', [`--n=${n}`, `--window-s=${windowS}`, `--ladder=${ladder}`, `--grace-s=${grace}`], {}),
  run('intake', 'dist/bench/intake/intake.bench.js', [], {
    BENCH_DURATION_S: process.env.BENCH_DURATION_S ?? String(windowS + 120), BENCH_WARMUP: process.env.BENCH_WARMUP ?? '300', BENCH_RAW_ROWS: process.env.BENCH_RAW_ROWS ?? '5000',
  }),
]);
const summary = (out: string) => out.split('\n').filter((l) => l.startsWith('  ')).join('\n');
console.log(`\n=== deadlines ${n} × (${ladder}) under intake load, ${Math.round((Date.now() - started) / 1000)} s in all ===`);
console.log('--- deadline engine (target lateness p99 ≤ 1000 ms) ---');
console.log(summary(deadlines.out) || `(no summary; exit ${deadlines.code})`);
console.log('--- intake alongside (targets ≥ 450/s, p99 < 50 ms) ---');
console.log(summary(intake.out) || `(no summary; exit ${intake.code})`);
process.exitCode = deadlines.code || intake.code || 0;
