/** What the app answers daprd for one delivery: processed, deliver again later, or give up on it. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';
