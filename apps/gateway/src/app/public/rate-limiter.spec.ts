import { RateLimiter } from './rate-limiter';

describe('per-client rate limit', () => {
  it('allows the limit within the window, then says how long to wait, and forgets old attempts', () => {
    const limiter = new RateLimiter(2, 10_000);
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 1_000).ok).toBe(true);
    expect(limiter.take('a', 2_000)).toEqual({ ok: false, retryAfterSeconds: 8 });
    expect(limiter.take('b', 2_000).ok).toBe(true);
    expect(limiter.take('a', 10_001).ok).toBe(true);
  });

  it('stays bounded in memory', () => {
    const limiter = new RateLimiter(1, 60_000, 100);
    for (let i = 0; i < 1_000; i++) limiter.take(`client-${i}`, 0);
    expect((limiter as unknown as { hits: Map<string, number[]> }).hits.size).toBe(100);
  });
});
