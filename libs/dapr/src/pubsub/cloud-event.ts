/** The CloudEvents 1.0 envelope in which daprd delivers a pub/sub message (JSON form). */
export interface CloudEvent<T = unknown> {
  id: string;
  source: string;
  type: string;
  specversion: string;
  topic: string;
  pubsubname: string;
  data: T;
  datacontenttype?: string;
  traceparent?: string;
}

/** Whether a delivered body is a CloudEvent envelope (the fields a handler relies on are there). */
export function isCloudEvent(body: unknown): body is CloudEvent {
  const candidate = body as Partial<CloudEvent> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.id === 'string' && 'data' in candidate;
}
