import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml'
import { z } from 'zod'
import { GateError } from '../errors.js'
import { PRESET_NAMES } from './presets.js'
import { didYouMean } from '../suggest.js'
import type { Rule } from './types.js'

/**
 * The checklist file (SPEC.md "Checklist file"): `extends`, `variables` with the rule keys, `services`
 * with per-service `extends` and `variables`. The file comes from the repository, so it is treated as
 * untrusted input: its size is capped before parsing, aliases are bounded (no billion laughs), duplicate
 * keys are errors, and every value is checked. Every problem is reported as `FILE:LINE: key 'x': message`,
 * with the closest valid word for a misspelled key, preset or severity.
 */

/** A checklist is a page of YAML; anything larger is a mistake or an attack. */
export const MAX_CHECKLIST_BYTES = 64 * 1024
const MAX_ALIAS_COUNT = 100
const MAX_VARIABLES = 500
const MAX_SERVICES = 100
const MAX_PATTERN_LENGTH = 500

/** What a file may say about one variable: SPEC.md's rule keys, in their camel-case form. */
export type RuleOverride = Partial<Pick<Rule, 'required' | 'aliases' | 'equals' | 'oneOf' | 'pattern' | 'minLength' | 'url' | 'not' | 'severity' | 'hint' | 'secret'>>

export interface ServiceSection {
  /** The service name as written. */
  name: string
  extends: string[]
  variables: Record<string, RuleOverride>
}

export interface ChecklistFile {
  file: string
  extends: string[]
  variables: Record<string, RuleOverride>
  /** By lower-case service name (service names match case-insensitively). */
  services: Record<string, ServiceSection>
}

export const TOP_KEYS = ['extends', 'variables', 'services'] as const
export const SERVICE_KEYS = ['extends', 'variables'] as const
export const RULE_KEYS = ['required', 'aliases', 'equals', 'one-of', 'pattern', 'min-length', 'url', 'not', 'severity', 'hint'] as const

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

// The file is read with YAML's failsafe schema: every scalar stays the string the user wrote
// (`one-of: [False, 0]` means "False" and "0", not a boolean and a number), and zod converts the few
// keys that are not text.

const text = z.string({ error: 'expected text' })

const list = (item: z.ZodType<string>, what: string) =>
  z
    .union([z.string(), z.array(z.unknown())], { error: `expected ${what} or a list of them` })
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .pipe(z.array(item, { error: `expected a list of ${what}` }))

const boolean = text.transform((v, ctx) => {
  const lower = v.trim().toLowerCase()
  if (lower === 'true' || lower === 'yes') return true
  if (lower === 'false' || lower === 'no') return false
  ctx.addIssue({ code: 'custom', message: `expected true or false, got '${v}'` })
  return z.NEVER
})

const variableName = text.refine((v) => VARIABLE_NAME.test(v), { error: (issue) => `'${String(issue.input)}' is not a variable name (letters, digits and _)` })

const presetName = text.superRefine((v, ctx) => {
  if (!PRESET_NAMES.includes(v)) ctx.addIssue({ code: 'custom', message: `unknown preset '${v}'.${didYouMean(v, PRESET_NAMES)} Presets: ${PRESET_NAMES.join(', ')}.` })
})

const pattern = text.superRefine((v, ctx) => {
  if (v.length > MAX_PATTERN_LENGTH) ctx.addIssue({ code: 'custom', message: `longer than ${MAX_PATTERN_LENGTH} characters` })
  else {
    try {
      new RegExp(v)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` })
    }
  }
})

const minLength = text.transform((v, ctx) => {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN
  if (!(n >= 1 && n <= 4096)) {
    ctx.addIssue({ code: 'custom', message: `expected a whole number from 1 to 4096, got '${v}'` })
    return z.NEVER
  }
  return n
})

const severity = text.superRefine((v, ctx) => {
  if (v !== 'error' && v !== 'warn') ctx.addIssue({ code: 'custom', message: `expected error or warn, got '${v}'.${didYouMean(v, ['error', 'warn'])}` })
}) as z.ZodType<'error' | 'warn'>

const scheme = text.transform((v) => v.trim().toLowerCase().replace(/:\/\/$/, '')).refine((v) => /^[a-z][a-z0-9+.-]*$/.test(v), { error: 'expected a URL scheme such as postgres' })

/** `NAME:` with nothing after it: the variable is required, with no other rule. */
const emptyIsNull = (v: unknown) => (v === '' ? null : v)

const RuleSchema = z.preprocess(
  emptyIsNull,
  z
    .strictObject(
      {
        required: boolean.optional(),
        aliases: list(variableName, 'variable names').pipe(z.array(z.string()).max(20, 'at most 20 aliases')).optional(),
        equals: text.optional(),
        'one-of': list(text, 'values').pipe(z.array(z.string()).min(1, 'give at least one value')).optional(),
        pattern: pattern.optional(),
        'min-length': minLength.optional(),
        url: list(scheme, 'URL schemes').optional(),
        not: list(text, 'globs').optional(),
        severity: severity.optional(),
        hint: text.max(500, 'at most 500 characters').optional()
      },
      { error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping of rule keys (or nothing, for "required")' : undefined) }
    )
    .nullable()
)

const variables = z.record(variableName, RuleSchema).superRefine((v, ctx) => {
  if (Object.keys(v).length > MAX_VARIABLES) ctx.addIssue({ code: 'custom', message: `at most ${MAX_VARIABLES} variables` })
})
const presets = list(presetName, 'preset names')

const ServiceSchema = z.preprocess(
  emptyIsNull,
  z
    .strictObject({ extends: presets.optional(), variables: variables.optional() }, { error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping with extends and variables' : undefined) })
    .nullable()
)

const FileSchema = z.preprocess(
  emptyIsNull,
  z
  .strictObject({
    extends: presets.optional(),
    variables: variables.optional(),
    services: z.record(text, ServiceSchema).superRefine((v, ctx) => {
      if (Object.keys(v).length > MAX_SERVICES) ctx.addIssue({ code: 'custom', message: `at most ${MAX_SERVICES} services` })
    }).optional()
  }, { error: (issue) => (issue.code === 'invalid_type' ? 'the file must be a mapping with extends, variables and services' : undefined) })
  .nullable()
)

type ParsedRule = NonNullable<z.infer<typeof RuleSchema>>

function toOverride(parsed: ParsedRule | null): RuleOverride {
  if (!parsed) return {}
  const out: RuleOverride = {}
  if (parsed.required !== undefined) out.required = parsed.required
  if (parsed.aliases) out.aliases = parsed.aliases
  if (parsed.equals !== undefined) out.equals = parsed.equals
  if (parsed['one-of']) out.oneOf = parsed['one-of']
  if (parsed.pattern !== undefined) out.pattern = parsed.pattern
  if (parsed['min-length'] !== undefined) out.minLength = parsed['min-length']
  if (parsed.url) out.url = parsed.url
  if (parsed.not) out.not = parsed.not
  if (parsed.severity) out.severity = parsed.severity
  if (parsed.hint !== undefined) out.hint = parsed.hint
  // A value the file spells out is a setting, not a secret: no placeholder check on it.
  if (out.equals !== undefined || out.oneOf) out.secret = false
  return out
}

/** One problem, as the user will read it. */
interface Problem {
  line: number
  key?: string
  message: string
}

/** The keys valid at a path, for "did you mean". */
function keysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return TOP_KEYS
  if (path[0] === 'services' && path.length === 2) return SERVICE_KEYS
  return RULE_KEYS
}

/** `variables.SECRET_KEY.min-length`, `extends[1]`. */
function dotted(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('')
}

class Locator {
  private readonly doc: Document
  private readonly lines: LineCounter

  constructor(doc: Document, lines: LineCounter) {
    this.doc = doc
    this.lines = lines
  }

  line(offset: number | undefined): number {
    return offset === undefined ? 1 : this.lines.linePos(offset).line
  }

  /** The line of the node at `path`, or of its closest ancestor that exists. */
  lineOf(path: readonly PropertyKey[], keyName?: string): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth) as unknown[], true) as YamlNode | undefined
      if (!node) continue
      if (keyName !== undefined && depth === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === keyName)
        if (pair && isScalar(pair.key)) return this.line(pair.key.range?.[0])
      }
      // A map entry's key line reads better than the value's line (the value may start on the next line).
      if (depth > 0) {
        const parent = this.doc.getIn(path.slice(0, depth - 1) as unknown[], true)
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(path[depth - 1]))
          if (pair && isScalar(pair.key)) return this.line(pair.key.range?.[0])
        }
      }
      return this.line(node.range?.[0])
    }
    return 1
  }
}

function fail(fileName: string, problems: Problem[]): never {
  const lines = problems
    .sort((a, b) => a.line - b.line)
    .map((p) => `${fileName}:${p.line}: ${p.key !== undefined ? `key '${p.key}': ` : ''}${p.message}`)
  throw new GateError('config', `The checklist file ${fileName} is not valid:\n${lines.join('\n')}`, {
    hint: `Top-level keys: ${TOP_KEYS.join(', ')}. Rule keys: ${RULE_KEYS.join(', ')}. Presets: ${PRESET_NAMES.join(', ')}.`
  })
}

/**
 * Parses and validates a checklist file. Pure: the caller reads the file (through RepoReader).
 * @throws GateError (kind config) listing every problem as `FILE:LINE: key 'x': message`
 */
export function parseChecklist(source: string, fileName: string): ChecklistFile {
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > MAX_CHECKLIST_BYTES) {
    fail(fileName, [{ line: 1, message: `the file is ${bytes} bytes; a checklist may have at most ${MAX_CHECKLIST_BYTES}` }])
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { schema: 'failsafe', uniqueKeys: true, lineCounter, prettyErrors: false, strict: true })
  const locate = new Locator(doc, lineCounter)

  if (doc.errors.length > 0) {
    fail(
      fileName,
      doc.errors.map((error) => {
        const line = locate.line(error.pos[0])
        if (error.code === 'DUPLICATE_KEY') {
          const key = /^["']?([^"':\s]+)/.exec(source.slice(error.pos[0]))?.[1]
          return { line, key, message: 'duplicate key (each key may appear once per mapping)' }
        }
        return { line, message: `YAML syntax: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` }
      })
    )
  }

  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    fail(fileName, [{ line: 1, message: `the file could not be read as data: ${(error as Error).message}` }])
  }

  const result = FileSchema.safeParse(raw)
  if (!result.success) {
    const problems: Problem[] = []
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const what = issue.path.length === 0 ? 'unknown top-level key' : issue.path[0] === 'services' && issue.path.length === 2 ? 'unknown service key' : 'unknown rule key'
          const valid = keysAt(issue.path)
          problems.push({
            line: locate.lineOf(issue.path, key),
            key: dotted([...issue.path, key]),
            message: `${what}.${didYouMean(key, valid)} Valid keys: ${valid.join(', ')}.`
          })
        }
      } else if (issue.code === 'invalid_key') {
        // A record key failed (a variable name): report it under its own name.
        const key = String(issue.path.at(-1))
        problems.push({ line: locate.lineOf(issue.path.slice(0, -1), key), key: dotted(issue.path), message: issue.issues[0]?.message ?? issue.message })
      } else {
        problems.push({ line: locate.lineOf(issue.path), key: issue.path.length ? dotted(issue.path) : undefined, message: issue.message })
      }
    }
    fail(fileName, problems)
  }

  const data = result.data ?? {}
  const services: Record<string, ServiceSection> = {}
  const seen = new Map<string, string>()
  const duplicates: Problem[] = []
  for (const [name, section] of Object.entries(data.services ?? {})) {
    const lower = name.toLowerCase()
    if (seen.has(lower)) {
      duplicates.push({ line: locate.lineOf(['services'], name), key: `services.${name}`, message: `the same service as '${seen.get(lower)}' (names match case-insensitively)` })
    }
    seen.set(lower, name)
    services[lower] = {
      name,
      extends: section?.extends ?? [],
      variables: Object.fromEntries(Object.entries(section?.variables ?? {}).map(([v, r]) => [v, toOverride(r)]))
    }
  }
  if (duplicates.length) fail(fileName, duplicates)
  return {
    file: fileName,
    extends: data.extends ?? [],
    variables: Object.fromEntries(Object.entries(data.variables ?? {}).map(([v, r]) => [v, toOverride(r)])),
    services
  }
}

