import { randomBytes } from 'node:crypto'
import type { Logger } from '../logger.js'
import type { RunRecord } from './model.js'

/**
 * Prints the log tails to the runner's own log. The runner reads workflow commands from every stdout
 * line (`::cmd::` at a line's start, the legacy `##[cmd]` anywhere in it), and whoever writes the app's
 * output controls these lines. So each tail is printed between `::stop-commands::TOKEN` and `::TOKEN::`,
 * with a token nobody can guess, and nothing in between becomes a command. Each tail gets its own group.
 */

/**
 * Makes text printed to the runner's log inert: a line that starts with `::` (after spaces, which the
 * runner trims) gets a zero-width space in front, and `##[` anywhere gets one inside. The second layer
 * under the stop-commands fence, for everything else the action prints that came from outside
 * (probe details, Railway's messages).
 */
export function neutralizeWorkflowCommands(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trimStart().startsWith('::') ? `\u200b${line}` : line).replace(/##\[/g, '##\u200b['))
    .join('\n')
}

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
      // Inside the fence the lines are inert as they are, so they are printed verbatim; without one
      // (a terminal) nothing reads commands anyway.
      const verbatim = (line: string) => (log.raw ? log.raw(line) : log.info(line))
      await log.group(title, async () => {
        if (fence) verbatim(`::stop-commands::${token}`)
        for (const line of tail.lines) {
          if (fence) verbatim(line)
          else log.info(line)
        }
        if (fence) verbatim(`::${token}::`)
      })
    }
  }
}
