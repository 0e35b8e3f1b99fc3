import { randomBytes } from 'node:crypto'
import type { Logger } from '../logger.js'
import type { RunRecord } from './model.js'

/**
 * Prints the log tails to the runner's own log. The runner reads workflow commands from every stdout
 * line (`::cmd::` at a line's start, the legacy `##[cmd]` anywhere in it), and whoever writes the app's
 * output controls these lines. So each tail is printed between `::stop-commands::TOKEN` and `::TOKEN::`,
 * with a token nobody can guess, and nothing in between becomes a command. Each tail gets its own group.
 */

/** A fresh token per run; 128 random bits, hex, so it can never appear in a log by chance or design. */
export function stopToken(): string {
  return `rdg-${randomBytes(16).toString('hex')}`
}

export async function printLogTails(log: Logger, record: RunRecord, token: string = stopToken()): Promise<void> {
  for (const service of record.services) {
    for (const tail of service.logs) {
      if (tail.lines.length === 0) continue
      const title = `${service.name}: ${tail.kind} log (last ${tail.lines.length} line${tail.lines.length === 1 ? '' : 's'})`
      const fence = log.parsesWorkflowCommands !== false
      await log.group(title, async () => {
        if (fence) log.info(`::stop-commands::${token}`)
        for (const line of tail.lines) log.info(line)
        if (fence) log.info(`::${token}::`)
      })
    }
  }
}
