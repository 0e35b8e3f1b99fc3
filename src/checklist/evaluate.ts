import type { ChecklistItem, VariableState } from '../report/model.js'
import type { Checklist, SourcedRule } from './types.js'

/**
 * Pure evaluation of a checklist against one service's Railway variables. Results carry names, states,
 * the broken rule in words and a hint: never a value.
 */

export type Variables = Record<string, string | null>

/** Values that were copied from a guide and never replaced. */
const PLACEHOLDERS: RegExp[] = [
  /^your[-_ ]/i,
  /^(change[-_ ]?me|replace[-_ ]?me|placeholder|todo|tbd|fixme|secret|password|example|dummy|test|xxx+|\.\.\.)$/i,
  /^<[^<>]*>$/,
  /^\[[^[\]]*\]$/,
  /^x{3,}$/i,
  /\.\.\.$/, // sk-..., pk_live_...
  /^(sk|pk|rk)[-_]\.{3}/i,
  /changeme/i,
  /^\*+$/,
  /^(null|undefined|none)$/i
]

const PURE_REFERENCE = /^\$\{\{\s*[\w.-]+\s*\}\}$/

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim()
  return PLACEHOLDERS.some((pattern) => pattern.test(trimmed))
}

/** Shell-style glob (`*`, `?`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`, 's')
}

interface Broken {
  state: VariableState
  rule: string
}

/** Checks one present, non-empty value against the rule's value constraints. */
function breaks(value: string, rule: SourcedRule): Broken | undefined {
  if (rule.secret !== false && isPlaceholder(value)) return { state: 'placeholder', rule: 'still a placeholder value' }
  if (rule.equals !== undefined && value !== rule.equals) return { state: 'invalid', rule: `must equal "${rule.equals}"` }
  if (rule.oneOf && !rule.oneOf.includes(value)) return { state: 'invalid', rule: `must be one of ${rule.oneOf.join(', ')}` }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    return { state: 'invalid', rule: `shorter than ${rule.minLength} characters` }
  }
  if (rule.not) {
    const forbidden = rule.not.find((glob) => globToRegExp(glob).test(value))
    if (forbidden) return { state: 'invalid', rule: `matches the forbidden pattern ${forbidden}` }
  }
  if (rule.pattern && !safePatternTest(rule.pattern, value)) return { state: 'invalid', rule: `does not match /${rule.pattern}/` }
  if (rule.url) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase()
    if (!scheme) return { state: 'invalid', rule: `not a URL (expected ${rule.url.join(' or ')}://…)` }
    if (!rule.url.includes(scheme)) return { state: 'invalid', rule: `URL scheme ${scheme}:// is not ${rule.url.join(' or ')}://` }
  }
  return undefined
}

/** Patterns come from the user's checklist; values are bounded so a bad pattern cannot hang the run. */
function safePatternTest(pattern: string, value: string): boolean {
  return new RegExp(pattern).test(value.slice(0, 4096))
}

/** Finds the variable for a rule: its name, then its aliases; case-insensitive matches are hints only. */
function locate(name: string, rule: SourcedRule, variables: Variables): { key?: string; caseMismatch?: string } {
  for (const candidate of [name, ...rule.aliases]) {
    if (Object.prototype.hasOwnProperty.call(variables, candidate)) return { key: candidate }
  }
  const lower = [name, ...rule.aliases].map((n) => n.toLowerCase())
  const caseMismatch = Object.keys(variables).find((key) => lower.includes(key.toLowerCase()))
  return { caseMismatch }
}

/**
 * @param rendered  values as the deployment sees them (references resolved)
 * @param unrendered the same variables with `${{…}}` references kept, to explain empty results
 */
export function evaluateChecklist(checklist: Checklist, rendered: Variables, unrendered: Variables = {}): ChecklistItem[] {
  const items: ChecklistItem[] = []
  for (const [name, rule] of Object.entries(checklist)) {
    const base = { name, source: rule.source, severity: rule.severity, hint: rule.hint }
    const { key, caseMismatch } = locate(name, rule, { ...unrendered, ...rendered })
    if (!key) {
      if (caseMismatch) {
        items.push({ ...base, state: 'missing', rule: `not set (did you mean ${caseMismatch}? names are case-sensitive)`, hint: `Rename ${caseMismatch} to ${name}.` })
      } else if (rule.required) {
        items.push({ ...base, state: 'missing', rule: rule.reason ? `required: ${rule.reason}` : 'required' })
      }
      continue
    }
    const foundAs = key === name ? undefined : key
    const value = rendered[key]
    if (value === null || value === undefined || value.trim() === '') {
      const reference = unrendered[key]
      const why =
        reference && PURE_REFERENCE.test(reference.trim())
          ? `the reference ${reference.trim()} renders empty`
          : 'set but empty'
      items.push({ ...base, foundAs, state: 'empty', rule: why })
      continue
    }
    const broken = breaks(value, rule)
    if (!broken) {
      items.push({ ...base, foundAs, state: 'ok', hint: undefined })
    } else {
      const state = broken.state === 'invalid' && rule.severity === 'warn' ? 'warning' : broken.state
      items.push({ ...base, foundAs, state, rule: broken.rule })
    }
  }
  return items
}

/** An item fails the check when it is not ok and its rule is an error (placeholders always are). */
export function itemFails(item: ChecklistItem): boolean {
  if (item.state === 'ok' || item.state === 'warning') return false
  return item.severity === 'error' || item.state === 'placeholder'
}
