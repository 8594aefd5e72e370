// Apart from the $filter parser, so the functions that parse no query do not bundle it.

/** A request the feed cannot answer: 400 in OData's error shape, naming the query option. */
export class ODataQueryError extends Error {
  constructor(
    message: string,
    readonly target: string,
  ) {
    super(message);
  }
}
