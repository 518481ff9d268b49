// Memory probe for an API or worker process (docs/benchmarks.md, "Memory"): preload it with
//   BENCH_API_NODE_ARGS="-r $PWD/bench/ops/memory-probe.cjs --max-semi-space-size=8 --max-old-space-size=192" node dist/bench/intake/intake.bench.js
// It writes /tmp/mem-probe-<pid>.json (process.memoryUsage() and V8's heap spaces: now, peak, at the RSS peak) every
// second and /tmp/mem-smaps-<pid>.json (RSS by kind: node binary, brk heap, malloc arenas, JIT code) at each new RSS
// peak; on SIGWINCH with MEM_SNAP=1 also a heap snapshot. (Nest's enableShutdownHooks() stops the API on SIGUSR2.)
const v8 = require('v8'), fs = require('fs');
const mb = (n) => +(n / 1048576).toFixed(1);
const peak = {}; let last = null;
function sample() {
  const mu = process.memoryUsage();
  const cur = { rss: mb(mu.rss), heapTotal: mb(mu.heapTotal), heapUsed: mb(mu.heapUsed), external: mb(mu.external), arrayBuffers: mb(mu.arrayBuffers) };
  for (const s of v8.getHeapSpaceStatistics()) cur['phys_' + s.space_name] = mb(s.physical_space_size);
  for (const [k, v] of Object.entries(cur)) peak[k] = Math.max(peak[k] ?? 0, v);
  if (cur.rss >= (peak.rss ?? 0)) last = cur; // the sample at the RSS peak
  const cs = v8.getHeapCodeStatistics();
  fs.writeFileSync('/tmp/mem-probe-' + process.pid + '.json', JSON.stringify({ argv: process.execArgv.join(' '), cur, peak, atRssPeak: last, code: { code: mb(cs.code_and_metadata_size), bytecode: mb(cs.bytecode_and_metadata_size), extSrc: mb(cs.external_script_source_size) } }));
}
setInterval(sample, 1000).unref();
process.on('SIGWINCH', () => { sample(); if (process.env.MEM_SNAP) v8.writeHeapSnapshot('/tmp/mem-snap-' + process.pid + '.heapsnapshot'); });
// at each new RSS peak: the RSS of /proc/self/smaps by kind (node binary, brk heap, 64 MB-aligned malloc arenas, other anon)
let smapPeak = 0;
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss <= smapPeak) return;
  smapPeak = rss;
  const by = {}; let kind = '';
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      const size = (parseInt(m[2], 16) - parseInt(m[1], 16)) / 1024;
      kind = m[4] ? (m[4].startsWith('/') ? (m[4].includes('node_modules') ? 'node_modules .so' : m[4] === process.execPath ? 'node binary' : 'other files') : m[4])
        : (parseInt(m[1], 16) % (64 * 1048576) === 0 && size <= 65536 ? 'malloc arena' : m[3].includes('x') ? 'anon rwx' : 'anon');
    } else if (line.startsWith('Rss:')) by[kind] = (by[kind] ?? 0) + Number(line.split(/\s+/)[1]) / 1024;
  }
  const mu = process.memoryUsage();
  fs.writeFileSync('/tmp/mem-smaps-' + process.pid + '.json', JSON.stringify({ rss: mb(rss), heapTotal: mb(mu.heapTotal), ...Object.fromEntries(Object.entries(by).map(([k, v]) => [k, +v.toFixed(1)])) }));
}, 2000).unref();
