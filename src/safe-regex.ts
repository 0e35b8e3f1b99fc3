import { createContext, Script } from 'node:vm'

/**
 * Regular expressions written by users (checklist `pattern:`, `health-body: /…/`) run here: inside a
 * `node:vm` context with a time limit, which V8 enforces even inside the regex engine, so a pattern
 * such as `^(a+)+$` on a near miss cannot hang the run.
 *
 * The limit is wall-clock time, and a runner's cores may be busy: a first time-out is tried once more
 * with ten times the limit before it counts. A pathological pattern still fails (it needs far longer
 * than either), while an ordinary one is not failed by a scheduling hiccup.
 */

export type PatternResult = boolean | 'timeout'

/** A first time-out is retried with this many times the limit before it counts. */
export const RETRY_FACTOR = 10

const context = createContext(Object.create(null))
const script = new Script('new RegExp(source, flags).test(text)')

function runOnce(timeoutMs: number): PatternResult {
  try {
    return script.runInContext(context, { timeout: timeoutMs }) === true
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout'
    throw error
  }
}

/**
 * @param source the expression without slashes
 * @param flags its flags (`i`, `m`, `s`, `u`)
 * @param text the text to test; callers bound its length
 * @param timeoutMs the time limit of the first try
 */
export function testPattern(source: string, flags: string, text: string, timeoutMs: number): PatternResult {
  context.source = source
  context.flags = flags
  context.text = text
  try {
    const first = runOnce(timeoutMs)
    return first === 'timeout' ? runOnce(timeoutMs * RETRY_FACTOR) : first
  } finally {
    context.text = ''
  }
}
