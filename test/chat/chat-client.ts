import { isSidecarCallback } from '@daca/dapr';
import type { E2eApp } from '../support/e2e-stack';

export interface Answer {
  status: number;
  body: unknown;
}

/** The history the lab's agent keeps of `contents` sent in turn: each message and its answer, the last 5 entries. */
export function labHistory(contents: readonly string[]): { role: string; content: string }[] {
  return contents
    .flatMap((content) => [
      { role: 'user', content },
      { role: 'assistant', content: `Got your message: ${content}` },
    ])
    .slice(-5);
}

/** The chat-agent's REST API as a new user calls it with curl. */
export class ChatClient {
  constructor(private readonly app: Pick<E2eApp, 'url'> & Partial<Pick<E2eApp, 'callbackHeaders'>>) {}

  send(actorId: string, content: string, role = 'user'): Promise<Answer> {
    return this.request('POST', `/chat/${actorId}`, JSON.stringify({ role, content }));
  }

  history(actorId: string): Promise<Answer> {
    return this.request('GET', `/chat/${actorId}/history`);
  }

  analyze(actorId: string): Promise<Answer> {
    return this.request('POST', `/chat/${actorId}/analyze`);
  }

  async request(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
    // daprd's routes (/dapr/config, event deliveries) are called as daprd calls them, with the app token.
    const headers = {
      ...(isSidecarCallback(path) && this.app.callbackHeaders),
      ...(body !== undefined && { 'content-type': contentType }),
    };
    const response = await fetch(`${this.app.url}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
  }
}
