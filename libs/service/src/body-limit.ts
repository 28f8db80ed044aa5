/** Largest request body accepted; larger ones get 413. */
export const BODY_LIMIT = '64kb';
export const BODY_LIMIT_BYTES = 64 * 1024;
