/** The current time. Injectable so tests control time instead of waiting for it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
