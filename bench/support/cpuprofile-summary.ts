// Summarizes a V8 .cpuprofile (node --cpu-prof) by self time: per package (node_modules/<pkg>), per file of ours,
// and the top functions. `node dist/bench/support/cpuprofile-summary.js <file.cpuprofile> [top] [--busiest=<s>]`:
// --busiest keeps the <s> seconds with the least idle time (the load, without the boot and the sign-ins around it).
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export function summarize(file: string, top = 25, busiestS?: number): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const [from, to] = busiestS ? busiest(p, busiestS * 1e6) : [0, p.samples.length];
  const self = new Map<number, number>();
  for (let i = from; i < to; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byGroup = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0;
    if (!t) continue;
    const url = n.callFrame.url;
    const fn = n.callFrame.functionName || '(anonymous)';
    let group: string;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) group = m[1]!;
    else if (url.includes('/dist/')) group = `ours: ${url.slice(url.indexOf('/dist/') + 6).split('/').slice(0, 2).join('/')}`;
    else if (url.startsWith('node:')) group = `node: ${url.slice(5).split('/')[0]}`;
    else if (!url) group = `(${fn})`;
    else group = url.startsWith('wasm') ? '(wasm)' : url.split('/').slice(-2).join('/');
    byGroup.set(group, (byGroup.get(group) ?? 0) + t);
    const key = `${fn} ${url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
  }
  const rows = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled\nby package / area (self time):\n${rows(byGroup)}\ntop functions (self time):\n${rows(byFn)}`;
}

/** The sample range [from, to) spanning `span` µs with the least idle time (two pointers over the samples). */
function busiest(p: Profile, span: number): [number, number] {
  const idleId = p.nodes.find((n) => n.callFrame.functionName === '(idle)')?.id;
  let best: [number, number] = [0, p.samples.length];
  let bestIdle = Infinity;
  let from = 0, time = 0, idle = 0;
  for (let to = 0; to < p.samples.length; to++) {
    time += p.timeDeltas[to] ?? 0;
    if (p.samples[to] === idleId) idle += p.timeDeltas[to] ?? 0;
    while (time - (p.timeDeltas[from] ?? 0) >= span) {
      time -= p.timeDeltas[from] ?? 0;
      if (p.samples[from] === idleId) idle -= p.timeDeltas[from] ?? 0;
      from++;
    }
    if (time >= span && idle < bestIdle) [bestIdle, best] = [idle, [from, to + 1]];
  }
  return best;
}

if (process.argv[1]?.endsWith('cpuprofile-summary.js')) {
  const args = process.argv.slice(2);
  const busiestS = Number(args.find((a) => a.startsWith('--busiest='))?.slice(10)) || undefined;
  const [file, n] = args.filter((a) => !a.startsWith('--'));
  console.log(summarize(file!, Number(n ?? 25), busiestS));
}
