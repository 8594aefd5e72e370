import { describe, expect, it } from 'vitest';
import { listSearchOf, titleMatches } from '../../functions/work/shared/title-search';

describe('list search terms', () => {
  it('takes an item id as a reference, whatever its case and surrounding spaces', () => {
    expect(listSearchOf(' 0F8FAD5B-D9CB-469F-A165-70867728950E ')).toEqual({
      kind: 'reference',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
  });

  it('takes anything else as title words, lower case and without accents', () => {
    expect(listSearchOf('Pompe  PRÈS-du quai')).toEqual({ kind: 'title', words: ['pompe', 'pres', 'du', 'quai'] });
  });

  it('has no search for text without a letter or digit', () => {
    expect(listSearchOf(' -- ')).toBeUndefined();
  });

  it('matches a title when every word starts one of its words', () => {
    expect(titleMatches('Broken PUMP at gate 3', ['pump', 'gat'])).toBe(true);
    expect(titleMatches('Fuite de la pompe près du quai', ['pres', 'quai'])).toBe(true);
  });

  it('does not match a word found only inside another word, or a word missing', () => {
    expect(titleMatches('Pumphouse door', ['house'])).toBe(false);
    expect(titleMatches('Broken pump', ['pump', 'fence'])).toBe(false);
  });
});
