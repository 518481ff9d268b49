import { Cluster, Redis } from 'ioredis';
import { createRedis, isRedisCluster, parseRedisUrl, queuePrefix, taggedKey } from './redis.js';

describe('REDIS_URL', () => {
  it('reads one server from redis:// and rediss://', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ cluster: false, url: 'redis://127.0.0.1:6379' });
    expect(isRedisCluster('rediss://user:pw@host:6380/0')).toBe(false);
  });

  it('reads a cluster\'s seed nodes, credentials and TLS from redis+cluster:// and rediss+cluster://', () => {
    expect(parseRedisUrl('redis+cluster://10.0.0.1:7000,10.0.0.2,[::1]:7002/')).toEqual({
      cluster: true, tls: false, username: undefined, password: undefined,
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 6379 }, { host: '::1', port: 7002 }],
    });
    expect(parseRedisUrl('rediss+cluster://app:p%40ss@h1:6379,h2:6379')).toMatchObject({ cluster: true, tls: true, username: 'app', password: 'p@ss' });
    expect(parseRedisUrl('REDIS+CLUSTER://:secret@h1:1')).toMatchObject({ cluster: true, username: undefined, password: 'secret' });
  });

  it('refuses a cluster URL without nodes or with a bad node', () => {
    expect(() => parseRedisUrl('redis+cluster://')).toThrow(/at least one node/);
    expect(() => parseRedisUrl('redis+cluster://h1:port')).toThrow(/not host:port/);
  });

  it('gives a Cluster for a cluster URL and a Redis otherwise (not connected: lazy)', () => {
    const c = createRedis('redis+cluster://127.0.0.1:1,127.0.0.1:2', { lazyConnect: true });
    const r = createRedis('redis://127.0.0.1:1', { lazyConnect: true });
    try {
      expect(c).toBeInstanceOf(Cluster);
      expect(r).toBeInstanceOf(Redis);
    } finally {
      c.disconnect();
      r.disconnect();
    }
  });
});

describe('key hash tags', () => {
  it('puts the queue prefix in a hash tag once', () => {
    expect(queuePrefix('fangxin')).toBe('{fangxin}');
    expect(queuePrefix('{fangxin}')).toBe('{fangxin}');
    expect(queuePrefix('fx-{a}')).toBe('fx-{a}');
  });

  it('tags a key by its id, so one script\'s keys share a slot whatever the id holds', () => {
    expect(taggedKey('fangxin:throttle', 'login-user:alice')).toBe('fangxin:throttle:{login-user:alice}');
    // braces inside the id would end the tag early: replaced
    expect(taggedKey('p', 'a}b{c')).toBe('p:{a_b_c}');
  });
});
