// daprd's app callback protocol: actor calls, reminders, timers and deactivations under /actors/,
// pub/sub deliveries, subscriptions and the actor configuration under /dapr/.
const CALLBACK_PREFIXES = ['/actors/', '/dapr/'];

/** Whether a request to the app is daprd calling on its own behalf rather than a client's request. */
export function isSidecarCallback(url: string): boolean {
  return CALLBACK_PREFIXES.some((prefix) => url.startsWith(prefix));
}
