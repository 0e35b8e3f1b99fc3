import { setFailed } from '@actions/core'
import { run } from './main.js'
import { readRunContext } from './github/context.js'
import { createDeps } from './runtime.js'

// A cancelled job gets SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that: abort the
// waits at the first signal and let main report. Later signals are absorbed (the report is under way),
// and a last-resort timer ends the process before SIGKILL can cut a status write in half.
const REPORT_BUDGET_MS = 6_000
const cancellation = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (cancellation.signal.aborted) return
    cancellation.abort(new Error(`received ${signal}`))
    setTimeout(() => process.exit(process.exitCode ?? 1), REPORT_BUDGET_MS).unref()
  })
}

try {
  await run(createDeps(cancellation.signal), readRunContext())
} catch (error) {
  // run() reports its own failures; this is the net for a bug in the reporting itself.
  setFailed(`Railway Deploy Gate stopped unexpectedly: ${error instanceof Error ? error.stack ?? error.message : String(error)}. Please open an issue with this message.`)
}
// Sockets or timers left behind by a cancelled wait must not keep a finished run alive.
if (cancellation.signal.aborted) process.exit(process.exitCode ?? 1)
