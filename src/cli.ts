#!/usr/bin/env node
import { runCli } from './cli/main.js'

/**
 * `railway-deploy-gate`: the action's checks from a laptop. `--help` lists the flags; the logic is in
 * cli/main.ts so that tests can drive it with their own streams.
 */

// Ctrl-C aborts the waits; run() then reports and sets the final statuses, as on a cancelled job.
const cancellation = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cancellation.abort(new Error(`received ${signal}`)))

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  isTty: Boolean(process.stdout.isTTY),
  out: { stdout: (text) => process.stdout.write(`${text}\n`), stderr: (text) => process.stderr.write(`${text}\n`) },
  signal: cancellation.signal
})
