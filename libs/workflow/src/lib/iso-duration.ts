const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds in an ISO-8601 duration made of days, hours, minutes and seconds
 * (`P7D`, `PT2S`, `P1DT12H`). Notice periods count calendar days, so years and months are refused.
 */
export function isoDurationToMs(duration: string): number {
  const match = ISO_DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new Error(`Not a supported ISO-8601 duration (days/hours/minutes/seconds): "${duration}"`);
  }
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Math.round(Number(seconds ?? 0) * 1000)
  );
}
