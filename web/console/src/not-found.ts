/**
 * What a screen answers when the rest of the path names nothing it shows: main.ts then shows "Not
 * found". A registered symbol, so a screen in its own file answers the one main.ts compares with.
 */
export const notFound: unique symbol = Symbol.for('fieldpass.console.not-found');
