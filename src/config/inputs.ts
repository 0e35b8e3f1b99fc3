import { z } from 'zod'
import { GateError } from '../errors.js'
import type { RunContext } from '../github/context.js'
import { parseBoolean, parseDuration, parseList, parseStatusRanges, type StatusRange } from './parse.js'

/**
 * The single place that reads the action's inputs. Raw strings go in, a typed Config comes out, or one
 * GateError that lists every input that is wrong and what was expected.
 */

export type TokenType = 'project' | 'account' | 'auto'
export type DeployMode = 'api' | 'cli' | 'watch' | 'off'
export type CheckMode = 'error' | 'warn' | 'off'
export type CommentMode = 'sticky' | 'new' | 'off'

export interface HealthBodyMatch {
  kind: 'text' | 'regex'
  /** The text to find, or the regular expression's source. */
  source: string
  flags: string
}

export interface HealthConfig {
  /** A full URL; 'none' skips the probe; undefined derives it from the service's domain. */
  url?: string | 'none'
  path?: string
  statuses: StatusRange[]
  body?: HealthBodyMatch
  version?: string
  successes: number
  intervalMs: number
  timeoutMs: number
}

export interface Config {
  railwayToken: string
  onMissingToken: 'fail' | 'skip'
  tokenType: TokenType
  project?: string
  environment?: string
  services: string[]
  /** 'auto', or preset names ([] for `none`). */
  stack: 'auto' | string[]
  checklistPath: string
  /** True when the user named the checklist path; a missing file is then an error. */
  checklistExplicit: boolean
  secretsCheck: CheckMode
  deploy: DeployMode
  commitSha: string
  timeoutMs: number
  pollIntervalMs: number
  health: HealthConfig
  stableForMs: number
  comment: CommentMode
  commentKey?: string
  logLines: number
  statusContext: string
  githubDeployment: boolean
  rollbackOnFailure: boolean
  githubToken: string
  apiUrl: string
}

export const DEFAULT_CHECKLIST_PATH = '.github/railway-checklist.yml'
export const DEFAULT_API_URL = 'https://backboard.railway.com/graphql/v2'

/** Input names and defaults, as in action.yml. Missing inputs (local runs, tests) fall back to these. */
export const INPUT_DEFAULTS = {
  'railway-token': '',
  'on-missing-token': 'fail',
  'token-type': 'auto',
  project: '',
  environment: '',
  service: '',
  stack: 'auto',
  checklist: DEFAULT_CHECKLIST_PATH,
  'secrets-check': 'error',
  deploy: 'api',
  'commit-sha': '',
  timeout: '15m',
  'poll-interval': '10s',
  'health-url': '',
  'health-path': '',
  'health-status': '200',
  'health-body': '',
  'health-version': '',
  'health-successes': '2',
  'health-interval': '2s',
  'health-timeout': '5m',
  'stable-for': '30s',
  comment: 'sticky',
  'comment-key': '',
  'log-lines': '60',
  'status-context': 'railway/{service}',
  'github-deployment': 'true',
  'rollback-on-failure': 'false',
  'github-token': '',
  'api-url': DEFAULT_API_URL
} as const

export type InputName = keyof typeof INPUT_DEFAULTS

/**
 * Inputs whose empty value means something: `status-context: ''` turns the commit status off and
 * `github-token: ''` turns every GitHub write off. For the others an empty value means "the default".
 */
const EMPTY_IS_MEANINGFUL: ReadonlySet<InputName> = new Set(['status-context', 'github-token'])
export type GetInput = (name: InputName) => string | undefined

/** Wraps a string parser as a zod transform that reports the parser's message. */
function parsed<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
      return z.NEVER
    }
  })
}

const positiveDuration = (max: number) =>
  parsed(parseDuration).refine((ms) => ms > 0 && ms <= max, {
    message: `must be more than 0 and at most ${Math.round(max / 3_600_000)}h`
  })

const integer = (min: number, max: number) =>
  parsed((text) => {
    if (!/^\d+$/.test(text.trim())) throw new Error(`expected a whole number, got "${text}"`)
    return Number(text)
  }).refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` })

const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((text) => text.trim().toLowerCase())
    .pipe(z.enum(values, { error: () => `expected one of ${values.join(', ')}` }))

const SIX_HOURS = 6 * 3_600_000

const InputsSchema = z.object({
  'railway-token': z.string().transform((s) => s.trim()),
  'on-missing-token': oneOf(['fail', 'skip']),
  'token-type': oneOf(['auto', 'project', 'account']),
  project: z.string().transform((s) => s.trim()),
  environment: z.string().transform((s) => s.trim()),
  service: parsed(parseList).refine((list) => list.length > 0, {
    message: 'name at least one Railway service, e.g. `service: web` or `service: web, worker`'
  }),
  stack: parsed((text): 'auto' | string[] => {
    const list = parseList(text.toLowerCase())
    if (list.length === 0 || (list.length === 1 && list[0] === 'auto')) return 'auto'
    if (list.length === 1 && list[0] === 'none') return []
    if (list.includes('auto') || list.includes('none')) throw new Error('auto and none cannot be combined with presets')
    return list
  }),
  checklist: z.string().transform((s) => s.trim()),
  'secrets-check': oneOf(['error', 'warn', 'off']),
  deploy: oneOf(['api', 'cli', 'watch', 'off']),
  'commit-sha': z.string().transform((s) => s.trim()),
  timeout: positiveDuration(SIX_HOURS),
  'poll-interval': positiveDuration(SIX_HOURS),
  'health-url': z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s === '' || s.toLowerCase() === 'none' || /^https?:\/\/[^\s/]+/i.test(s), {
      message: 'expected a full http(s) URL such as https://example.com/health, or none'
    })
    .refine((s) => !/^https?:\/\/[^\s/]*@/i.test(s), {
      message: 'must not carry a user or password (user:pass@host): the probe sends no credentials, and they would show in the report'
    }),
  'health-path': z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s === '' || s.startsWith('/'), { message: 'expected a path starting with /, e.g. /health' }),
  'health-status': parsed(parseStatusRanges),
  'health-body': parsed((text): HealthBodyMatch | undefined => {
    if (text === '') return undefined
    const regex = /^\/(.+)\/([imsu]*)$/s.exec(text)
    if (!regex) return { kind: 'text', source: text, flags: '' }
    new RegExp(regex[1], regex[2]) // throws a SyntaxError with the reason when the pattern is invalid
    return { kind: 'regex', source: regex[1], flags: regex[2] }
  }),
  'health-version': z.string().transform((s) => s.trim()),
  'health-successes': integer(1, 100),
  'health-interval': positiveDuration(SIX_HOURS),
  'health-timeout': positiveDuration(SIX_HOURS),
  'stable-for': parsed(parseDuration).refine((ms) => ms >= 0 && ms <= SIX_HOURS, {
    message: 'must be between 0 and 6h'
  }),
  comment: oneOf(['sticky', 'new', 'off']),
  'comment-key': z.string().transform((s) => s.trim()),
  'log-lines': integer(0, 1000),
  'status-context': z.string().transform((s) => s.trim()),
  'github-deployment': parsed(parseBoolean),
  'rollback-on-failure': parsed(parseBoolean),
  'github-token': z.string().transform((s) => s.trim()),
  'api-url': z
    .string()
    .transform((s) => s.trim())
    .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), { message: 'expected an http(s) URL' })
})

/**
 * Reads every input through `getInput`, validates, and resolves defaults that depend on the run
 * (the commit to deploy). Throws a config GateError naming each bad input.
 */
export function readConfig(getInput: GetInput, run: Pick<RunContext, 'sha' | 'pullRequestHeadSha'>): Config {
  const raw: Record<string, string> = {}
  const explicitChecklist = (getInput('checklist') ?? '').trim()
  for (const name of Object.keys(INPUT_DEFAULTS) as InputName[]) {
    const value = getInput(name)
    if (value === undefined) raw[name] = INPUT_DEFAULTS[name]
    else if (value === '' && !EMPTY_IS_MEANINGFUL.has(name)) raw[name] = INPUT_DEFAULTS[name]
    else raw[name] = value
  }
  // The token may legitimately be empty here: main decides between fail and skip before any network call.
  raw['railway-token'] = getInput('railway-token') ?? ''

  const result = InputsSchema.safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `input '${String(issue.path[0])}': ${issue.message}`)
    throw new GateError('config', `Invalid inputs: ${problems.join('; ')}.`, {
      hint: 'Fix the `with:` block of the step (see the inputs table in the README).'
    })
  }
  const v = result.data

  const healthUrl = v['health-url'] === '' ? undefined : v['health-url'].toLowerCase() === 'none' ? 'none' : v['health-url']
  if (v.timeout < v['poll-interval']) {
    throw new GateError('config', `Invalid inputs: poll-interval (${raw['poll-interval']}) is longer than timeout (${raw.timeout}).`, {
      hint: 'Make poll-interval shorter than timeout.'
    })
  }
  if (v['health-timeout'] < v['health-interval']) {
    throw new GateError(
      'config',
      `Invalid inputs: health-interval (${raw['health-interval']}) is longer than health-timeout (${raw['health-timeout']}).`,
      { hint: 'Make health-interval shorter than health-timeout.' }
    )
  }
  if (v['health-successes'] * v['health-interval'] > v['health-timeout']) {
    throw new GateError(
      'config',
      `Invalid inputs: ${v['health-successes']} passes ${raw['health-interval']} apart (health-successes × health-interval) do not fit in health-timeout (${raw['health-timeout']}); the gate could never pass.`,
      { hint: 'Raise health-timeout, or lower health-successes or health-interval.' }
    )
  }
  const commitSha = v['commit-sha'] || run.pullRequestHeadSha || run.sha
  if (!commitSha && v.deploy !== 'off' && v.deploy !== 'cli') {
    throw new GateError('config', 'No commit to deploy: commit-sha is empty and the run has no GITHUB_SHA.', {
      hint: 'Set `commit-sha:` or run the action inside a GitHub workflow.'
    })
  }

  return {
    railwayToken: v['railway-token'],
    onMissingToken: v['on-missing-token'],
    tokenType: v['token-type'],
    project: v.project || undefined,
    environment: v.environment || undefined,
    services: v.service,
    stack: v.stack,
    checklistPath: v.checklist || DEFAULT_CHECKLIST_PATH,
    checklistExplicit: explicitChecklist !== '' && explicitChecklist !== DEFAULT_CHECKLIST_PATH,
    secretsCheck: v['secrets-check'],
    deploy: v.deploy,
    commitSha,
    timeoutMs: v.timeout,
    pollIntervalMs: v['poll-interval'],
    health: {
      url: healthUrl,
      path: v['health-path'] || undefined,
      statuses: v['health-status'],
      body: v['health-body'],
      version: v['health-version'] || undefined,
      successes: v['health-successes'],
      intervalMs: v['health-interval'],
      timeoutMs: v['health-timeout']
    },
    stableForMs: v['stable-for'],
    comment: v.comment,
    commentKey: v['comment-key'] || undefined,
    logLines: v['log-lines'],
    statusContext: v['status-context'],
    githubDeployment: v['github-deployment'],
    rollbackOnFailure: v['rollback-on-failure'],
    githubToken: v['github-token'],
    apiUrl: v['api-url']
  }
}
