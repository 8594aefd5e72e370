/**
 * An item's size as DynamoDB bills it ("Item sizes and formats" in its Developer Guide), for a
 * plain item as the document client writes it (undefined attributes left out): each attribute's
 * name plus its value; a string its UTF-8 bytes, a number 1 byte per two significant digits plus
 * 1, a boolean or null 1, a list or map 3 bytes plus 1 per element (plus a map key's bytes).
 */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name) + valueSize(value)),
    0,
  );
}

/** The size of one value, without its name (never less than DynamoDB's; a zero counts 2, not 1). */
export function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = Math.abs(value).toExponential().split('e')[0]?.replace('.', '').replace(/0+$/, '');
    return Math.ceil((digits?.length || 1) / 2) + 1 + (value < 0 ? 1 : 0);
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    const entries = Object.values(value).filter((element) => element !== undefined).length;
    return 3 + entries + itemSize(value as Record<string, unknown>);
  }
  return 0;
}
