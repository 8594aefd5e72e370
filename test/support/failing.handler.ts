/** A handler for local HTTP API tests that always throws, as a crashing function would. */
export const handler = async () => {
  throw new Error('boom');
};
