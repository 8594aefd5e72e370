/** A request's span in time. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The round of each request: 1 plus the highest round of any request that had answered before it
 * began. Requests sent together (overlapping) share a round; a request that waited for another's
 * answer is one round later. The number of rounds is the longest chain of requests one after
 * another: the round trips an operation waits for.
 */
export function roundsOf(spans: readonly Span[]): number[] {
  const order = spans.map((_, i) => i).sort((a, b) => (spans[a]?.start ?? 0) - (spans[b]?.start ?? 0));
  const round = new Array<number>(spans.length).fill(1);
  for (const i of order) {
    const span = spans[i] as Span;
    let highest = 0;
    for (const j of order) {
      const other = spans[j] as Span;
      if (j !== i && other.end <= span.start) highest = Math.max(highest, round[j] ?? 0);
    }
    round[i] = highest + 1;
  }
  return round;
}

/** "BatchGetItem ∥ Query → BatchGetItem ∥ PutItem": requests by round, in arrival order within one. */
export function sequenceText(operations: readonly string[], rounds: readonly number[]): string {
  const byRound = new Map<number, string[]>();
  operations.forEach((operation, i) => {
    const r = rounds[i] ?? 1;
    byRound.set(r, [...(byRound.get(r) ?? []), operation]);
  });
  return [...byRound.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, ops]) => ops.join(' ∥ '))
    .join(' → ');
}
