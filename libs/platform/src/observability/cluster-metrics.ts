import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

// With several API processes on one port (node:cluster), a scrape reaches one of them. So that every scrape gives the
// whole API (counters that only grow, histograms of every request), the process asked forwards the scrape to the
// cluster's primary, which gathers every process's registry (prom-client's AggregatorRegistry, over the cluster's
// IPC) and answers with the merged text: counters and histograms summed, gauges by their `aggregator`.
const ASK = 'fangxin:scrape';
const ANSWER = 'fangxin:scrape-answer';
/** The primary waits this long for every process (prom-client's own limit is 5 s). */
const ANSWER_WITHIN_MS = 8_000;

interface Ask { type: typeof ASK; id: string }
interface Answer { type: typeof ANSWER; id: string; text?: string; error?: string }

/** In the cluster's primary: answers the processes' forwarded scrapes with the whole cluster's metrics. */
export function serveClusterScrapes(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, m: Partial<Ask> | null) => {
    if (m?.type !== ASK || typeof m.id !== 'string') return;
    const reply = (a: Omit<Answer, 'type' | 'id'>) => { if (worker.isConnected()) worker.send({ type: ANSWER, id: m.id, ...a }); };
    aggregator.clusterMetrics().then((text) => reply({ text }), (e: Error) => reply({ error: e.message }));
  });
}

/**
 * A registry's scrape: in a cluster's process the whole cluster's (asked of the primary), else its own. In a cluster,
 * call `clusterScrape.register(registry)` once at start (the primary collects that registry from this process).
 */
export const clusterScrape = {
  register(registry: Registry): void {
    if (!cluster.isWorker) return;
    AggregatorRegistry.setRegistries([registry]);
    new AggregatorRegistry(); // installs this process's answer to the primary's collection
  },
  async metrics(registry: Registry): Promise<string> {
    if (!cluster.isWorker || !process.send) return registry.metrics();
    const id = randomUUID();
    return new Promise<string>((resolve, reject) => {
      const done = (fn: () => void) => { clearTimeout(timer); process.off('message', onMessage); fn(); };
      const onMessage = (m: Partial<Answer> | null) => {
        if (m?.type !== ANSWER || m.id !== id) return;
        done(() => (typeof m.text === 'string' ? resolve(m.text) : reject(new Error(m.error ?? 'no answer'))));
      };
      const timer = setTimeout(() => done(() => reject(new Error('the primary did not answer the scrape'))), ANSWER_WITHIN_MS);
      process.on('message', onMessage);
      process.send!({ type: ASK, id } satisfies Ask);
    });
  },
};
