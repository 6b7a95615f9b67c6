/**
 * A sliding-window limit per client, in memory (one gateway instance; behind several, put the
 * limit in the county's reverse proxy as well). Bounded: the oldest clients are forgotten first.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxClients = 50_000) {}

  /** Records an attempt; returns the seconds to wait when the client is over its limit. */
  take(client: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const recent = (this.hits.get(client) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(client, recent);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.delete(client);
    if (this.hits.size >= this.maxClients) this.hits.delete(this.hits.keys().next().value as string);
    this.hits.set(client, recent);
    return { ok: true };
  }
}
