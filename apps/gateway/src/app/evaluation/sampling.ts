import { createHash } from 'node:crypto';

export interface FrameHousehold {
  id: string;
  townshipCode: string;
}

export interface SampledHousehold extends FrameHousehold {
  /** Order of drawing within its township. */
  position: number;
}

/** A 32-bit PRNG (mulberry32): small, fast and the same on every machine. */
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stream of random numbers derived from the seed and the stratum, so strata are independent. */
function streamFor(seed: string, stratum: string): () => number {
  const digest = createHash('sha256')
    .update(`${seed}\u0000${stratum}`)
    .digest();
  return mulberry32(digest.readUInt32BE(0));
}

/** How many to draw from a stratum of `size` at `rateBp`: rounded up, at least one of a non-empty stratum. */
export function stratumSampleSize(size: number, rateBp: number): number {
  if (size === 0) return 0;
  return Math.min(size, Math.max(1, Math.ceil((size * rateBp) / 10_000)));
}

/**
 * Draws a sample stratified by township: within each township, a seeded Fisher–Yates shuffle of the
 * households (sorted by id first, so the frame's order does not matter) and the first
 * `stratumSampleSize` of them. The same frame, seed and rate always give the same sample.
 */
export function drawStratifiedSample(
  frame: readonly FrameHousehold[],
  seed: string,
  rateBp: number,
): SampledHousehold[] {
  const strata = new Map<string, FrameHousehold[]>();
  for (const household of frame) {
    const stratum = strata.get(household.townshipCode) ?? [];
    stratum.push(household);
    strata.set(household.townshipCode, stratum);
  }
  const sample: SampledHousehold[] = [];
  for (const townshipCode of [...strata.keys()].sort()) {
    const households = [...strata.get(townshipCode)!].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    const random = streamFor(seed, townshipCode);
    const take = stratumSampleSize(households.length, rateBp);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (households.length - i));
      [households[i], households[j]] = [households[j], households[i]];
      sample.push({ ...households[i], position: i + 1 });
    }
  }
  return sample;
}
