import { run } from './main.js'
import { readRunContext } from './github/context.js'
import { createDeps } from './runtime.js'

// A cancelled job gets SIGINT, then SIGTERM 7.5 s later: abort the waits and let main report in time.
const cancellation = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cancellation.abort(new Error(`received ${signal}`)))

await run(createDeps(cancellation.signal), readRunContext())
