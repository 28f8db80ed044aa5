/** The path of daprd's actor API for one actor: `/v1.0/actors/{type}/{id}`, then its method, state, reminders or timers. */
export function actorPath(actorType: string, actorId: string): string {
  return `/v1.0/actors/${encodeURIComponent(actorType)}/${encodeURIComponent(actorId)}`;
}
