/**
 * A scripted `fetch`: each call is answered by the handler, which sees the request and can return a
 * Response or throw (network errors). Calls are recorded for assertions.
 */
export interface RecordedFetch {
  url: string
  headers: Record<string, string>
  body?: { query?: string; variables?: Record<string, unknown> }
}

export type FetchHandler = (call: RecordedFetch, index: number) => Response | Promise<Response>

export function scriptedFetch(handler: FetchHandler): typeof fetch & { calls: RecordedFetch[] } {
  const calls: RecordedFetch[] = []
  const fn = async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {}
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value))
    const call: RecordedFetch = {
      url: String(input),
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    }
    calls.push(call)
    return handler(call, calls.length - 1)
  }
  return Object.assign(fn as typeof fetch, { calls })
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

/** A GraphQL answer with data. */
export function gql(data: unknown, headers: Record<string, string> = {}): Response {
  return json({ data }, 200, headers)
}

/** A GraphQL answer with errors on HTTP 200, as Railway sends them. */
export function gqlError(message: string): Response {
  return json({ data: null, errors: [{ message }] })
}

/** The operation name of the recorded call's query. */
export function op(call: RecordedFetch): string {
  return /(?:query|mutation)\s+(\w+)/.exec(call.body?.query ?? '')?.[1] ?? ''
}
