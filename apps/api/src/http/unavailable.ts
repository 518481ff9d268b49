/**
 * Errors that mean a backing service is out of reach — PostgreSQL restarting or unreachable, a pool with no free
 * connection, Redis down — not a bug: the API answers 503 with Retry-After (issue 11 §6), never a 500. Recognised
 * on the error and its causes: Prisma's codes, the pg driver adapter's kinds, PostgreSQL SQLSTATEs, socket errors.
 */
const PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionAlreadyClosed']);
// 08xxx connection exceptions, 57P01–57P03 admin/crash shutdown and cannot-connect-now, 53300 too many connections.
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const PG_MESSAGE = /Connection terminated|Can't reach database server|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|timeout exceeded when trying to connect|Server has closed the connection/i;
// …and a Redis Cluster's (docs/scaling.md): no node reachable, slots unknown, or the cluster itself down.
const REDIS_MESSAGE = /^(Connection is closed\.?|Stream isn't writeable.*|Reached the max retries per request limit.*|None of startup nodes is available|Failed to refresh slots cache\.?|Cluster isn't ready.*|CLUSTERDOWN .*)$/;

export type Unavailable = 'DATABASE_UNAVAILABLE' | 'REDIS_UNAVAILABLE';

export function unavailable(err: unknown): Unavailable | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let redis = false;
  while (queue.length && seen.size < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const x = e as { code?: unknown; kind?: unknown; originalCode?: unknown; name?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    const msg = typeof x.message === 'string' ? x.message : '';
    if (typeof x.code === 'string' && (PRISMA.has(x.code) || SQLSTATE.test(x.code))) return 'DATABASE_UNAVAILABLE';
    if (typeof x.originalCode === 'string' && SQLSTATE.test(x.originalCode)) return 'DATABASE_UNAVAILABLE';
    if (typeof x.kind === 'string' && ADAPTER_KINDS.has(x.kind)) return 'DATABASE_UNAVAILABLE';
    if (PG_MESSAGE.test(msg)) return 'DATABASE_UNAVAILABLE';
    if (x.name === 'MaxRetriesPerRequestError' || x.name === 'ClusterAllFailedError' || REDIS_MESSAGE.test(msg)) redis = true;
    else if (typeof x.code === 'string' && SOCKET.has(x.code)) return 'DATABASE_UNAVAILABLE';
    queue.push(x.cause, x.meta?.driverAdapterError);
  }
  return redis ? 'REDIS_UNAVAILABLE' : null;
}
