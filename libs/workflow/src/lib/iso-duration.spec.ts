import { fixturePolicy } from '../testing';
import { createApprovalMachine } from './approval.machine';
import { isoDurationToMs } from './iso-duration';

describe('isoDurationToMs', () => {
  it.each([
    ['P7D', 7 * 86_400_000],
    ['PT2S', 2_000],
    ['P1DT12H', 36 * 3_600_000],
    ['PT0.5S', 500],
    ['PT30M', 30 * 60_000],
    ['P1DT2H3M4S', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000],
  ])('reads %s as %i ms', (duration, ms) => {
    expect(isoDurationToMs(duration)).toBe(ms);
  });

  it.each([
    ['P1M', 'months are not a fixed number of days'],
    ['P1Y', 'years are not a fixed number of days'],
    ['', 'empty'],
    ['P', 'no amount'],
    ['PT', 'a time part with no amount'],
    ['P1DT', 'a dangling time designator'],
    ['7D', 'no leading P'],
    ['P-1D', 'negative'],
    ['P1W', 'weeks'],
  ])('refuses %s (%s)', (duration) => {
    expect(() => isoDurationToMs(duration)).toThrow(/Not a supported ISO-8601 duration/);
  });

  it('refuses a policy with an unsupported notice period when its machine is built', () => {
    const monthly = fixturePolicy({ noticePeriod: 'P1M' });

    expect(() => createApprovalMachine(monthly)).toThrow(/P1M/);
  });
});
