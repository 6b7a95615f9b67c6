import {
  drawStratifiedSample,
  stratumSampleSize,
  type FrameHousehold,
} from './sampling';

const XIAOSHI = '210521100000';
const CAOHEZHANG = '210521101000';

function frame(): FrameHousehold[] {
  const households: FrameHousehold[] = [];
  for (let i = 0; i < 40; i++)
    households.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      townshipCode: XIAOSHI,
    });
  for (let i = 40; i < 50; i++)
    households.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      townshipCode: CAOHEZHANG,
    });
  return households;
}

describe('seeded stratified sampling', () => {
  it('draws the same sample from the same seed, whatever the order of the frame', () => {
    const first = drawStratifiedSample(frame(), 'benxi-2019-a', 2_500);
    const again = drawStratifiedSample(
      [...frame()].reverse(),
      'benxi-2019-a',
      2_500,
    );
    expect(again).toEqual(first);
  });

  it('draws a different sample from another seed', () => {
    const a = drawStratifiedSample(frame(), 'seed-a', 2_500).map((h) => h.id);
    const b = drawStratifiedSample(frame(), 'seed-b', 2_500).map((h) => h.id);
    expect(b).not.toEqual(a);
  });

  it('takes the rate from each township separately, rounded up, never empty', () => {
    const sample = drawStratifiedSample(frame(), 'x', 2_500);
    expect(sample.filter((h) => h.townshipCode === XIAOSHI)).toHaveLength(10);
    expect(sample.filter((h) => h.townshipCode === CAOHEZHANG)).toHaveLength(3);
    expect(new Set(sample.map((h) => h.id)).size).toBe(sample.length);
    expect(stratumSampleSize(1, 100)).toBe(1);
    expect(stratumSampleSize(0, 5_000)).toBe(0);
    expect(stratumSampleSize(7, 10_000)).toBe(7);
  });
});
