import { propagatedHeaders } from './propagated-headers';
import { RequestContext } from './request-context';

describe('propagatedHeaders (no OpenTelemetry SDK)', () => {
  it("passes on the request's correlation id and the trace context it came with", () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(RequestContext.run({ correlationId: 'c-1', traceparent }, propagatedHeaders)).toEqual({
      'x-correlation-id': 'c-1',
      traceparent,
    });
  });

  it('adds nothing outside a request, or for a request without either', () => {
    expect(propagatedHeaders()).toEqual({});
    expect(RequestContext.run({}, propagatedHeaders)).toEqual({});
  });
});
