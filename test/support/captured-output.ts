/** Everything written to stdout and stderr while `act` runs (log lines included), as one string. */
export async function capturedOutput(act: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const { stdout, stderr } = process;
  const writes = { out: stdout.write, err: stderr.write };
  const capture = ((chunk: unknown) => lines.push(String(chunk)) > 0) as typeof stdout.write;
  stdout.write = capture;
  stderr.write = capture;
  try {
    await act();
  } finally {
    stdout.write = writes.out;
    stderr.write = writes.err;
  }
  return lines.join('');
}
