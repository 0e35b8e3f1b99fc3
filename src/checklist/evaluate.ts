import path from 'node:path'
import { testPattern, type PatternResult } from '../safe-regex.js'
import type { ChecklistItem, VariableState } from '../report/model.js'
import { closest } from '../suggest.js'
import type { Checklist, ServiceFacts, SourcedRule } from './types.js'

/**
 * Pure evaluation of a checklist against one service's Railway variables. Results carry names, states,
 * the broken rule in words and a hint: never a value.
 */

export type Variables = Record<string, string | null>

/**
 * Values that were copied from a guide and never replaced: `your-…`, `changeme`, `<…>`, `xxx`, `sk-...`,
 * `TODO`, `user:pass@host:port`. Checked on every value whose rule does not say it is a plain setting.
 */
const PLACEHOLDERS: RegExp[] = [
  /^your[-_. ]/i,
  /^(change[-_ ]?me|replace[-_ ]?me|placeholder|todo|tbd|fixme|secret|password|passwd|example|dummy|sample|test|xxx+|\.\.\.|tbc|n\/?a)$/i,
  /^(todo|tbd|fixme)\b/i,
  /^<[^<>]*>$/,
  /^\[[^[\]"':,]*\]$/, // [your key], not a JSON list
  /^\{[^{}"':,]*\}$/, // {SECRET}, not a JSON object
  /^x{3,}$/i,
  /\.\.\.$/, // sk-..., pk_live_..., postgresql://...
  /…$/,
  /^(sk|pk|rk)[-_]\.{3}/i,
  /change[-_ ]?me|replace[-_ ]?me|insert[-_ ]?(your|here)/i,
  /^\*{3,}$/, // ***, not a lone * (a wildcard setting)
  /^(null|undefined|none|nil)$/i,
  /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?your[-_.]/i, // https://your-app.railway.app
  /:\/\/user(name)?:pass(word)?@/i, // postgresql://user:pass@host/db
  /@host:port\b/i,
  /(^|[-_])your[-_]/i, // sk-your-openai-key
  /x{4,}$/i // sk_test_xxxxxxxx, whsec_xxxx
]

/** Key prefixes placeholders keep: `sk-…`, `sk_test_…`, `sk-proj-…`, `sk-ant-…`, `whsec_…`. */
const KEY_PREFIX = /^(sk|pk|rk|whsec)[-_]((live|test|proj|ant|prod)[-_])?/i

/** `${{ Service.NAME }}` and nothing else: Railway fills it in when it renders the variables. */
const PURE_REFERENCE = /^\$\{\{\s*[\w.-]+\s*\}\}$/

/** Whether an unrendered value is only a reference (a name, never a secret, so it may be shown). */
export function isPureReference(value: string): boolean {
  return PURE_REFERENCE.test(value.trim())
}
const ANY_REFERENCE = /\$\{\{[^}]*\}\}/

/** Patterns come from checklists; values are bounded so an unlucky pattern cannot hang the run. */
const MAX_TESTED_LENGTH = 4096
/** And so is the time a pattern may take: `^(a+)+$` on a near miss backtracks exponentially. */
export const PATTERN_TIMEOUT_MS = 100

/** Tests a checklist pattern on a bounded value, in a sandbox that V8 interrupts (src/safe-regex.ts). */
function patternMatches(pattern: string, value: string): PatternResult {
  return testPattern(pattern, '', value.slice(0, MAX_TESTED_LENGTH), PATTERN_TIMEOUT_MS)
}

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim()
  const unprefixed = trimmed.replace(KEY_PREFIX, '')
  return PLACEHOLDERS.some((pattern) => pattern.test(trimmed) || (unprefixed !== trimmed && pattern.test(unprefixed)))
}

type GlobToken = { any: true } | { one: true } | { char: string }

function globTokens(glob: string): GlobToken[] {
  const tokens: GlobToken[] = []
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '\\' && i + 1 < glob.length) tokens.push({ char: glob[++i] })
    else if (c === '*') tokens.push({ any: true })
    else if (c === '?') tokens.push({ one: true })
    else tokens.push({ char: c })
  }
  return tokens
}

/**
 * Whether a `not:` glob matches the whole value: `*` any text (newlines too), `?` one character, `\*`
 * a literal star, everything else literal. A two-pointer match that backs up only to the last `*`, so
 * it takes at most length × glob steps: no pattern can make it backtrack for minutes.
 */
export function globMatches(glob: string, value: string): boolean {
  const tokens = globTokens(glob)
  let t = 0
  let v = 0
  let star = -1
  let resumeAt = 0
  while (v < value.length) {
    const token = tokens[t]
    if (token && ('one' in token || ('char' in token && token.char === value[v]))) {
      t++
      v++
    } else if (token && 'any' in token) {
      star = t++
      resumeAt = v
    } else if (star >= 0) {
      t = star + 1
      v = ++resumeAt
    } else {
      return false
    }
  }
  while (t < tokens.length && 'any' in tokens[t]) t++
  return t === tokens.length
}

interface Broken {
  state: VariableState
  rule: string
}

/** Checks one present, non-empty value against the rule's value constraints. */
function breaks(value: string, rule: SourcedRule): Broken | undefined {
  if (rule.secret !== false && isPlaceholder(value)) return { state: 'placeholder', rule: 'still a placeholder value' }
  if (ANY_REFERENCE.test(value)) return { state: 'invalid', rule: 'holds a ${{…}} reference that Railway could not resolve' }
  if (rule.equals !== undefined && value !== rule.equals) return { state: 'invalid', rule: `must equal "${rule.equals}"` }
  if (rule.oneOf && !rule.oneOf.includes(value)) return { state: 'invalid', rule: `must be one of ${rule.oneOf.join(', ')}` }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    return { state: 'invalid', rule: `shorter than ${rule.minLength} characters` }
  }
  if (rule.not) {
    const forbidden = rule.not.find((glob) => globMatches(glob, value))
    if (forbidden) return { state: 'invalid', rule: `matches the forbidden pattern ${forbidden}` }
  }
  if (rule.pattern) {
    const matches = patternMatches(rule.pattern, value)
    if (matches === 'timeout') return { state: 'invalid', rule: `the pattern /${rule.pattern}/ ran past its time limit on this value (simplify nested quantifiers such as (a+)+)` }
    if (!matches) return { state: 'invalid', rule: `does not match /${rule.pattern}/` }
  }
  if (rule.url) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase()
    if (!scheme) return { state: 'invalid', rule: `not a URL (expected ${rule.url.join(' or ')}://…)` }
    if (!rule.url.includes(scheme)) return { state: 'invalid', rule: `URL scheme ${scheme}:// is not ${rule.url.join(' or ')}://` }
  }
  return undefined
}

/** The volume rule: the value is the mount path or a folder under it. */
function breaksVolume(value: string, mountPath: string): Broken | undefined {
  const clean = (p: string) => path.posix.normalize(p.trim()).replace(/(.)\/+$/, '$1')
  const mount = clean(mountPath)
  const actual = clean(value)
  if (actual === mount || actual.startsWith(mount === '/' ? '/' : `${mount}/`)) return undefined
  return { state: 'invalid', rule: `not on the service's volume (mounted at ${mount})` }
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

/** A set variable whose name is one typo away from a missing one (`DATABSE_URL`), for the hint. */
function nearMiss(name: string, rule: SourcedRule, variables: Variables, checklist: Checklist): string | undefined {
  const known = new Set(Object.entries(checklist).flatMap(([n, r]) => [n, ...r.aliases]))
  const unclaimed = Object.keys(variables).filter((key) => !known.has(key))
  for (const candidate of [name, ...rule.aliases]) {
    if (candidate.length < 5) continue
    const match = closest(candidate, unclaimed)
    if (match) return match
  }
  return undefined
}

/**
 * @param rendered  values as the deployment sees them (references resolved)
 * @param unrendered the same variables with `${{…}}` references kept, to explain empty results
 * @param facts what else is known about the service (its volume)
 */
export function evaluateChecklist(checklist: Checklist, rendered: Variables, unrendered: Variables = {}, facts: ServiceFacts = {}): ChecklistItem[] {
  const items: ChecklistItem[] = []
  const all = { ...unrendered, ...rendered }
  for (const [name, rule] of Object.entries(checklist)) {
    const base = { name, source: rule.source, severity: rule.severity, hint: rule.hint ?? `Set ${name} in Railway (service → Variables).` }
    const mountPath = rule.onVolume ? facts.volumeMountPath : undefined
    const required = rule.required || typeof mountPath === 'string'
    const { key, caseMismatch } = locate(name, rule, all)
    if (!key) {
      if (caseMismatch) {
        items.push({ ...base, state: 'missing', rule: `not set (did you mean ${caseMismatch}? names are case-sensitive)`, hint: `Rename ${caseMismatch} to ${name}.` })
      } else if (required) {
        const typo = nearMiss(name, rule, all, checklist)
        const why = rule.onVolume && mountPath ? `required: the service has a volume at ${mountPath}; ${rule.reason}` : rule.reason ? `required: ${rule.reason}` : 'required'
        items.push(
          typo
            ? { ...base, state: 'missing', rule: `not set (${typo} is set: a typo?)`, hint: `Rename ${typo} to ${name}.` }
            : { ...base, state: 'missing', rule: why }
        )
      }
      continue
    }
    const foundAs = key === name ? undefined : key
    const value = rendered[key]
    if (value === null || value === undefined || value.trim() === '') {
      const reference = unrendered[key]
      const why =
        reference && isPureReference(reference)
          ? `the reference ${reference.trim()} renders empty`
          : 'set but empty'
      // An optional variable left empty is as good as unset: shown, but it does not fail the check.
      items.push(required ? { ...base, foundAs, state: 'empty', rule: why } : { ...base, foundAs, state: 'warning', rule: `${why} (optional)` })
      continue
    }
    const broken = breaks(value, rule) ?? (typeof mountPath === 'string' ? breaksVolume(value, mountPath) : undefined)
    if (!broken) {
      items.push({ ...base, foundAs, state: 'ok', hint: undefined })
    } else {
      const state = broken.state === 'invalid' && rule.severity === 'warn' ? 'warning' : broken.state
      const hint = state === 'placeholder' && !rule.hint ? `Replace the value copied from a guide with the real one.` : base.hint
      items.push({ ...base, foundAs, state, rule: broken.rule, hint })
    }
  }
  return items
}

/** An item fails the check when it is not ok and its rule is an error (placeholders always are). */
export function itemFails(item: ChecklistItem): boolean {
  if (item.state === 'ok' || item.state === 'warning') return false
  return item.severity === 'error' || item.state === 'placeholder'
}
