import { Cluster, Redis } from 'ioredis';

/**
 * One Redis connection of Fangxin: a single server, or a Redis Cluster when REDIS_URL is a `redis+cluster://` URL
 * naming one or more seed nodes, e.g. `redis+cluster://:secret@10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379`
 * (ioredis discovers the rest of the cluster from them). Every ioredis connection of the app is made here.
 */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  lazyConnect?: boolean;
  /** null: commands wait for a reconnection for ever (BullMQ's workers need it). */
  maxRetriesPerRequest?: number | null;
  enableOfflineQueue?: boolean;
  commandTimeout?: number;
  /** Reconnection delay in ms after the n-th failed attempt (null: give up). */
  retryStrategy?: (times: number) => number | null;
}

export type RedisTarget =
  | { cluster: false; url: string }
  | { cluster: true; nodes: { host: string; port: number }[]; username?: string; password?: string; tls: boolean };

const CLUSTER_SCHEMES = ['redis+cluster:', 'rediss+cluster:'];

/** Reads REDIS_URL: `redis://…` / `rediss://…` is one server; `redis+cluster://h1:p1,h2:p2` is a cluster's seed nodes. */
export function parseRedisUrl(url: string): RedisTarget {
  const scheme = /^[a-z+]+:/i.exec(url)?.[0].toLowerCase() ?? '';
  if (!CLUSTER_SCHEMES.includes(scheme)) return { cluster: false, url };
  const rest = url.slice(scheme.length).replace(/^\/\//, '');
  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : '';
  const hosts = (at >= 0 ? rest.slice(at + 1) : rest).replace(/[/?].*$/, '');
  const nodes = hosts.split(',').filter(Boolean).map((h) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h.trim());
    if (!m) throw new Error(`invalid REDIS_URL: cluster node "${h}" is not host:port`);
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 6379 };
  });
  if (!nodes.length) throw new Error('invalid REDIS_URL: a redis+cluster:// URL names at least one node');
  const colon = auth.indexOf(':');
  const username = decodeURIComponent(colon >= 0 ? auth.slice(0, colon) : auth) || undefined;
  const password = colon >= 0 ? decodeURIComponent(auth.slice(colon + 1)) || undefined : undefined;
  return { cluster: true, nodes, username, password, tls: scheme === 'rediss+cluster:' };
}

export function isRedisCluster(url: string): boolean {
  return parseRedisUrl(url).cluster;
}

/** A connection to REDIS_URL: `Redis` for one server, `Cluster` for a `redis+cluster://` URL. */
export function createRedis(url: string, opts: RedisClientOptions = {}): RedisClient {
  const target = parseRedisUrl(url);
  if (!target.cluster) return new Redis(url, opts);
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = opts;
  return new Cluster(target.nodes, {
    lazyConnect,
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    redisOptions: { ...perNode, username: target.username, password: target.password, ...(target.tls ? { tls: {} } : {}) },
  });
}

/**
 * The BullMQ prefix: QUEUE_PREFIX in a hash tag (`{fangxin}`), so that every key of a queue — and of all the app's
 * queues, which BullMQ's scripts may touch together (parents, flows) — hashes to one Redis Cluster slot. On a
 * single server the braces are just part of the name. A prefix that already has a hash tag is kept as it is.
 */
export function queuePrefix(prefix: string): string {
  return /\{[^}]+\}/.test(prefix) ? prefix : `{${prefix}}`;
}

/**
 * The key prefix of one keyspace of the app (`fangxin:throttle`, …) with `id` hash-tagged: the keys one Lua script
 * or MULTI touches together must share the tag (Redis Cluster refuses commands across slots).
 */
export function taggedKey(prefix: string, id: string): string {
  return `${prefix}:{${id.replace(/[{}]/g, '_')}}`;
}

/** Resolves once the connection is ready (a cluster knows its masters only then); rejects after `ms`. */
export async function redisReady(client: RedisClient, ms = 10_000): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait') await client.connect();
  if ((client.status as string) === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { client.off('ready', ok); reject(new Error(`redis not ready after ${ms} ms`)); }, ms);
    const ok = () => { clearTimeout(t); resolve(); };
    client.once('ready', ok);
  });
}

/** The servers to SCAN: the cluster's masters (each holds its own slots), or the one server. */
export function scanTargets(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** Deletes every key matching one of these patterns on every master (SCAN + UNLINK per node: keys of one call are in one slot). */
export async function unlinkMatching(client: RedisClient, patterns: string[]): Promise<number> {
  if (client instanceof Cluster) await redisReady(client);
  let n = 0;
  for (const node of scanTargets(client)) {
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        // one UNLINK per key on a cluster node (keys of one SCAN page may sit in different slots of that node)
        if (keys.length) n += client instanceof Cluster ? (await Promise.all(keys.map((k) => node.unlink(k)))).reduce((a, b) => a + b, 0) : await node.unlink(...keys);
      } while (cursor !== '0');
    }
  }
  return n;
}
