// A list's `q`: an item's reference (its id, exact) or words of its title (each the start of a
// word of the title, case and accents ignored). Pure, so the list's own Query can keep rows by it.

const reference = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The words of a text as search compares them: lower case, accents removed, letters and digits only. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** What a `q` asks for: one item by its reference, or the items whose title has every word. */
export type ListSearch = { kind: 'reference'; id: string } | { kind: 'title'; words: string[] };

/** The search a `q` asks for; undefined when it holds no letter or digit (the contract refuses it before). */
export function listSearchOf(q: string): ListSearch | undefined {
  const text = q.trim();
  if (reference.test(text)) return { kind: 'reference', id: text.toLowerCase() };
  const words = searchWords(text);
  return words.length > 0 ? { kind: 'title', words } : undefined;
}

/** Whether a title has each of the words as the start of one of its words. */
export function titleMatches(title: string, words: readonly string[]): boolean {
  const titleWords = searchWords(title);
  return words.every((word) => titleWords.some((candidate) => candidate.startsWith(word)));
}
