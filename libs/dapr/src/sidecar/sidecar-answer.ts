import type { IncomingHttpHeaders } from 'node:http';

/** daprd's answer to one call, its body already read. */
export class SidecarAnswer {
  constructor(
    readonly status: number,
    private readonly headers: IncomingHttpHeaders,
    /** The body as text ('' when there is none). */
    readonly text: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** A header's value; `name` in lower case. */
  header(name: string): string | undefined {
    const value = this.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  json(): unknown {
    return JSON.parse(this.text);
  }
}
