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

/**
 * Why a pattern may take exponential time, or undefined when it looks safe. Flags the classic shape:
 * a group repeated without bound that itself holds an unbounded quantifier — `(a+)+`, `(\w*)*`,
 * `(x+y?){2,}`. A heuristic, not a proof, and it also flags safe patterns (`(,\s*\w+)*`), so it only
 * explains a time-out after the fact; the time limit of `testPattern` is the guard.
 * @param source the regular expression's source, without slashes
 */
export function unsafePatternReason(source: string): string | undefined {
  // For each open group: does it contain an unbounded quantifier?
  const groups: boolean[] = []
  let i = 0
  const unboundedAt = (at: number): number => {
    // Returns the length of an unbounded quantifier at `at` (`*`, `+`, `{n,}`, `{n,m}` with m > 1), else 0.
    const c = source[at]
    if (c === '*' || c === '+') return 1
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at))
      if (m && m[2] !== undefined && (m[3] === '' || Number(m[3]) > 1)) return m[0].length
    }
    return 0
  }
  while (i < source.length) {
    const c = source[i]
    if (c === '\\') {
      i += 2
      continue
    }
    if (c === '[') {
      // Skip the character class; `]` right after `[` or `[^` is literal.
      i++
      if (source[i] === '^') i++
      if (source[i] === ']') i++
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1
      i++
      continue
    }
    if (c === '(') {
      groups.push(false)
      i++
      continue
    }
    if (c === ')') {
      const inner = groups.pop() ?? false
      i++
      const q = unboundedAt(i)
      if (q && inner) {
        return `it repeats a group that already repeats (${source.slice(0, i + q)}), which can take exponential time on a text that almost matches`
      }
      if ((inner || q) && groups.length) groups[groups.length - 1] = true
      if (q) i += q
      continue
    }
    const q = unboundedAt(i)
    if (q) {
      if (groups.length) groups[groups.length - 1] = true
      i += q
      continue
    }
    i++
  }
  return undefined
}
