/** One span of a trace, as Jaeger's query API gives it, with its process resolved. */
export interface TraceSpan {
  spanId: string;
  parentSpanId?: string;
  /** Epoch µs. */
  startTime: number;
  durationUs: number;
  operationName: string;
  serviceName: string;
  /** Whether daprd recorded it (its service name is the app id too); else the app did. */
  bySidecar: boolean;
  tags: Record<string, unknown>;
}

interface JaegerTag {
  key: string;
  value: unknown;
}

interface JaegerTraceAnswer {
  data?: {
    spans: {
      spanID: string;
      operationName: string;
      startTime: number;
      duration: number;
      processID: string;
      references: { refType: string; spanID: string }[];
      tags: JaegerTag[];
    }[];
    processes: Record<string, { serviceName: string }>;
  }[];
}

// The instrumentation scope of every span daprd records.
const DAPRD_SCOPE = 'dapr-diagnostics';

const tagsOf = (tags: JaegerTag[]): Record<string, unknown> =>
  Object.fromEntries(tags.map(({ key, value }) => [key, value]));

/** The spans Jaeger holds of trace `traceId` so far (none while it has not seen the trace). */
export async function jaegerTrace(jaegerUrl: string, traceId: string): Promise<TraceSpan[]> {
  const response = await fetch(`${jaegerUrl}/api/traces/${traceId}`);
  if (response.status === 404) return [];
  const [trace] = ((await response.json()) as JaegerTraceAnswer).data ?? [];
  if (!trace) return [];
  return trace.spans.map((span) => {
    const tags = tagsOf(span.tags);
    return {
      spanId: span.spanID,
      parentSpanId: span.references.find((reference) => reference.refType === 'CHILD_OF')?.spanID,
      startTime: span.startTime,
      durationUs: span.duration,
      operationName: span.operationName,
      serviceName: trace.processes[span.processID].serviceName,
      bySidecar: tags['otel.scope.name'] === DAPRD_SCOPE,
      tags,
    };
  });
}

/** `service (app or daprd): operation` of each span, sorted: what a failure message shows of a trace. */
export const outline = (spans: TraceSpan[]): string[] =>
  spans.map((span) => `${span.serviceName} (${span.bySidecar ? 'daprd' : 'app'}): ${span.operationName}`).sort();

/** Each span with its depth, depth-first from the roots, children in start order. */
function walkTree(spans: TraceSpan[]): { span: TraceSpan; depth: number }[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = (parent: string | undefined): TraceSpan[] =>
    spans
      .filter((span) => (parent === undefined ? !ids.has(span.parentSpanId ?? '') : span.parentSpanId === parent))
      .sort((a, b) => a.startTime - b.startTime);
  const walked: { span: TraceSpan; depth: number }[] = [];
  const walk = (span: TraceSpan, depth: number): void => {
    walked.push({ span, depth });
    for (const child of children(span.spanId)) walk(child, depth + 1);
  };
  for (const root of children(undefined)) walk(root, 0);
  return walked;
}

const label = ({ span, depth }: { span: TraceSpan; depth: number }): string =>
  `${'  '.repeat(depth)}${span.operationName}  ${span.serviceName} (${span.bySidecar ? 'daprd' : 'app'})`;

const msOf = (us: number): string => (us / 1000).toFixed(1);

/** The trace as an indented tree, children in start order: `operation  service (app|daprd)  duration`. */
export function traceTree(spans: TraceSpan[]): string[] {
  return walkTree(spans).map((entry) => `${label(entry)}  ${msOf(entry.span.durationUs)} ms`);
}

/**
 * The tree as a waterfall: each span a bar on one time axis from the trace's first start to its last
 * end, `width` characters wide, with its start offset and duration in ms.
 */
export function traceWaterfall(spans: TraceSpan[], width = 48): string[] {
  const walked = walkTree(spans);
  const start = Math.min(...spans.map((span) => span.startTime));
  const totalUs = Math.max(1, Math.max(...spans.map((span) => span.startTime + span.durationUs)) - start);
  const labelWidth = Math.max(...walked.map((entry) => label(entry).length));
  const column = (us: number): number => Math.round(((us - start) / totalUs) * width);
  const header = `${'span'.padEnd(labelWidth)}  |${`0 ms`.padEnd(width - 1)}${msOf(totalUs)} ms|`;
  return [
    header,
    ...walked.map((entry) => {
      const from = Math.min(width - 1, column(entry.span.startTime));
      const to = Math.max(from + 1, column(entry.span.startTime + entry.span.durationUs));
      const bar = `${' '.repeat(from)}${'█'.repeat(to - from)}`.padEnd(width);
      const timing = `+${msOf(entry.span.startTime - start)} ms, ${msOf(entry.span.durationUs)} ms`;
      return `${label(entry).padEnd(labelWidth)}  |${bar}|  ${timing}`;
    }),
  ];
}
