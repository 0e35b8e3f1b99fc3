import { INPUT_DEFAULTS, type InputName } from '../config/inputs.js'
import { closest } from '../suggest.js'

/**
 * The preflight's command line: one flag per action input (`--service web` is `service: web`), named
 * and defaulted from INPUT_DEFAULTS, the same list action.yml declares. A few flags exist only here,
 * for what a runner would otherwise provide (which repository to write to on GitHub).
 */

export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[]

/**
 * Where the preflight's default differs from the action's, and why. A laptop run checks; it deploys
 * only when asked with `--deploy api|cli|watch`.
 */
export const CLI_DEFAULT_OVERRIDES: Partial<Record<InputName, string>> = { deploy: 'off' }

/** Flags that have no input: what a runner knows and a laptop does not. */
export const CLI_ONLY_FLAGS = {
  'github-repo': 'OWNER/NAME: write the comment, commit status and GitHub Deployment to this repository (needs --github-token or GITHUB_TOKEN). Without it, nothing is written to GitHub.',
  verbose: 'Also print debug lines (retries, reads).',
  'no-color': 'Plain output even on a terminal (NO_COLOR=1 does the same).',
  help: 'This text.'
} as const

export type CliOnlyFlag = keyof typeof CLI_ONLY_FLAGS
const SWITCHES: ReadonlySet<string> = new Set(['verbose', 'no-color', 'help'])

export interface ParsedArgs {
  /** Inputs given on the command line, by input name. */
  inputs: Partial<Record<InputName, string>>
  githubRepo?: string
  verbose: boolean
  color?: boolean
  help: boolean
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The flag the user probably meant (edit distance or a prefix; src/suggest.ts). */
function closestFlag(name: string): string | undefined {
  return closest(name, [...INPUT_NAMES, ...Object.keys(CLI_ONLY_FLAGS)], { prefixes: true })
}

/** Parses `--name value`, `--name=value` and `-h`. Throws a UsageError that says which flag and what to type instead. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { inputs: {}, verbose: false, help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h') {
      parsed.help = true
      continue
    }
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}": every value follows a flag, e.g. --service ${arg}.`)
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq < 0 ? undefined : eq)
    if (SWITCHES.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value: write just --${name}.`)
      if (name === 'help') parsed.help = true
      else if (name === 'verbose') parsed.verbose = true
      else parsed.color = false
      continue
    }
    if (name !== 'github-repo' && !(INPUT_NAMES as string[]).includes(name)) {
      const hint = closestFlag(name)
      throw new UsageError(`Unknown flag --${name}.${hint ? ` Did you mean --${hint}?` : ''} Run with --help for the list.`)
    }
    let value: string
    if (eq >= 0) value = arg.slice(eq + 1)
    else {
      const next = argv[i + 1]
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${name} needs a value, e.g. --${name}=${valueExample(name)}.`)
      value = next
      i++
    }
    if (name === 'github-repo') {
      if (!/^[\w.-]+\/[\w.-]+$/.test(value)) throw new UsageError(`--github-repo "${value}" is not OWNER/NAME: write it like --github-repo acme/shop.`)
      parsed.githubRepo = value
    } else {
      parsed.inputs[name as InputName] = value
    }
  }
  return parsed
}

function valueExample(name: string): string {
  const fallback = (INPUT_DEFAULTS as Record<string, string>)[name]
  return fallback ? fallback : name === 'service' ? 'web' : 'VALUE'
}

/** The default the preflight uses for an input: the action's, unless overridden above. */
export function cliDefault(name: InputName): string {
  return CLI_DEFAULT_OVERRIDES[name] ?? INPUT_DEFAULTS[name]
}
