/**
 * A CSV text's records as written (a quoted line break stays inside its record), blank lines left
 * out as the import's parser leaves them out: so `records[k]` is the preview's row k + 1 (the header is row 1).
 */
export function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      records.push(text.slice(start, i));
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  records.push(text.slice(start));
  return records.filter((record) => record !== '');
}
