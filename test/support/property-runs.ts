/**
 * How many cases a property test that drives the local stack generates, for its full size `full`.
 * CI runs the full size (`.ci/run` sets FIELDPASS_PROPERTY_RUNS=full); `npm test` elsewhere runs a
 * tenth of it, with a new seed each time, so repeated runs keep covering new cases. A number in
 * FIELDPASS_PROPERTY_RUNS runs exactly that many (e.g. to replay a long soak).
 */
export function propertyRuns(full: number): number {
  const setting = process.env.FIELDPASS_PROPERTY_RUNS;
  if (setting === 'full') return full;
  if (setting !== undefined && /^[1-9]\d*$/.test(setting)) return Number(setting);
  return Math.max(1, Math.ceil(full / 10));
}
