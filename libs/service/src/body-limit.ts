/** Largest request body accepted; larger ones get 413. */
export const BODY_LIMIT = '64kb';
