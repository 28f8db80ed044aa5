/** A source of numbers in [0, 1): Math.random, or a fixed sequence in tests. */
export type RandomSource = () => number;

export const RANDOM_SOURCE = Symbol('RANDOM_SOURCE');
