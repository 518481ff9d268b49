import { metricsAccess } from './metrics.js';
import { currentRequestId, requestIdFrom, withRequestId } from './request-context.js';

describe('metricsAccess', () => {
  it('without METRICS_TOKEN: loopback peers only (IPv4, IPv6, IPv4-mapped), 403 for anyone else', () => {
    for (const peer of ['127.0.0.1', '127.8.0.3', '::1', '::ffff:127.0.0.1']) expect(metricsAccess('', undefined, peer)).toBe(200);
    for (const peer of ['10.0.0.5', '::ffff:192.168.1.2', '2001:db8::1', undefined]) expect(metricsAccess('', undefined, peer)).toBe(403);
    // a bearer means nothing when no token is configured
    expect(metricsAccess('', 'Bearer x', '10.0.0.5')).toBe(403);
  });

  it('with METRICS_TOKEN: exactly that bearer, from anywhere (loopback too needs it)', () => {
    expect(metricsAccess('s3cret-token', 'Bearer s3cret-token', '10.0.0.5')).toBe(200);
    expect(metricsAccess('s3cret-token', 'bearer s3cret-token', '10.0.0.5')).toBe(200);
    for (const h of [undefined, '', 'Bearer s3cret', 'Bearer s3cret-token2', 'Basic s3cret-token', 's3cret-token'])
      expect(metricsAccess('s3cret-token', h, '127.0.0.1')).toBe(401);
  });
});

describe('request ids', () => {
  it('keeps a sane X-Request-Id and replaces anything else with a UUID', () => {
    for (const id of ['abc', 'req-1.2_3:4', 'f'.repeat(128), '0d4c6f0e-6a8e-4c1e-9a55-2b0f4c1d2e3f']) expect(requestIdFrom(id)).toBe(id);
    expect(requestIdFrom(['first-id', 'second'])).toBe('first-id');
    for (const bad of [undefined, '', ' x', 'a b', 'x'.repeat(129), 'id\nInjected: 1', '-leading', 'ümlaut', 42])
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the context of the work it wraps, across awaits, and nothing outside it', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await withRequestId('r-1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      const inner = withRequestId(undefined, () => currentRequestId());
      return [currentRequestId(), inner];
    });
    expect(seen).toEqual(['r-1', undefined]);
    expect(currentRequestId()).toBeUndefined();
  });
});
