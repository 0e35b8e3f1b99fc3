import { posix } from 'node:path'
import type { RepoReader } from '../deps.js'
import { sortPresets } from './presets.js'

/**
 * `stack: auto`: guesses the presets from the checked-out repository and says why for each. It reads a
 * fixed list of well-known files (the reader cannot list folders, and a fixed list keeps the work bounded)
 * at the repository root and in the usual app folders of a monorepo: Python requirements, pyproject.toml
 * and Pipfile; mix.exs; package.json; and the start commands in a Procfile, a Dockerfile's CMD or
 * ENTRYPOINT, and railway.toml / railway.json. Dependencies name the framework and the integration packs.
 */
export interface Detection {
  presets: string[]
  /** One line per preset: "celery: celery in backend/requirements.txt, Procfile runs celery". */
  reasons: string[]
}

/** Where a Railway service's root directory usually is. */
const ROOTS = ['', 'backend/', 'server/', 'api/', 'app/']
const REQUIREMENTS = [
  'requirements.txt',
  'requirements-prod.txt',
  'requirements-production.txt',
  'requirements/base.txt',
  'requirements/common.txt',
  'requirements/prod.txt',
  'requirements/production.txt'
]
const DOCKERFILES = ['Dockerfile', 'Dockerfile.prod', 'Dockerfile.production']
const MAX_INCLUDED_REQUIREMENTS = 20

/** Python distributions (normalised: lower case, `_` and `.` as `-`) → preset. */
const PYTHON_DEPENDENCIES: Record<string, string> = {
  django: 'django',
  celery: 'celery',
  channels: 'channels',
  'channels-redis': 'channels',
  daphne: 'channels',
  flask: 'flask',
  fastapi: 'fastapi',
  psycopg: 'postgres',
  'psycopg-binary': 'postgres',
  psycopg2: 'postgres',
  'psycopg2-binary': 'postgres',
  asyncpg: 'postgres',
  pgvector: 'postgres',
  pg8000: 'postgres',
  redis: 'redis',
  'django-redis': 'redis',
  hiredis: 'redis',
  rq: 'redis',
  arq: 'redis',
  aioredis: 'redis',
  stripe: 'stripe',
  'dj-stripe': 'stripe',
  openai: 'openai',
  'langchain-openai': 'openai',
  anthropic: 'anthropic',
  'langchain-anthropic': 'anthropic',
  boto3: 'aws-s3',
  aioboto3: 'aws-s3',
  s3fs: 'aws-s3',
  'flask-mail': 'smtp',
  'flask-mailman': 'smtp',
  'fastapi-mail': 'smtp',
  aiosmtplib: 'smtp'
}

/** Extras that say more than the package: celery[redis], django-storages[s3], databases[postgresql]. */
const PYTHON_EXTRAS: Record<string, string> = {
  redis: 'redis',
  s3: 'aws-s3',
  boto3: 'aws-s3',
  postgresql: 'postgres',
  postgres: 'postgres',
  asyncpg: 'postgres'
}

const MIX_DEPENDENCIES: Record<string, string> = {
  phoenix: 'phoenix',
  postgrex: 'postgres',
  redix: 'redis',
  phoenix_pubsub_redis: 'redis',
  stripity_stripe: 'stripe',
  openai: 'openai',
  openai_ex: 'openai',
  anthropix: 'anthropic',
  ex_aws_s3: 'aws-s3',
  gen_smtp: 'smtp',
  bamboo_smtp: 'smtp'
}

const NPM_DEPENDENCIES: Record<string, string> = {
  pg: 'postgres',
  postgres: 'postgres',
  'pg-promise': 'postgres',
  redis: 'redis',
  ioredis: 'redis',
  bullmq: 'redis',
  bull: 'redis',
  stripe: 'stripe',
  openai: 'openai',
  '@ai-sdk/openai': 'openai',
  '@anthropic-ai/sdk': 'anthropic',
  '@ai-sdk/anthropic': 'anthropic',
  '@aws-sdk/client-s3': 'aws-s3',
  'aws-sdk': 'aws-s3',
  nodemailer: 'smtp'
}

/** Start commands → preset. */
const COMMANDS: Array<[RegExp, string]> = [
  [/\bcelery\b/, 'celery'],
  [/\bdaphne\b/, 'channels'],
  [/\bmanage\.py\b/, 'django'],
  [/\bflask\s+run\b/, 'flask'],
  [/\bphx\.server\b|\bbin\/server\b/, 'phoenix'],
  [/^(?:node|npm|npx|yarn|pnpm|bun)\b/, 'node']
]

interface Dependency {
  name: string
  extras: string[]
}

const normalise = (name: string) => name.toLowerCase().replace(/[_.]+/g, '-')

function requirementLine(line: string): Dependency | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(line.trim())
  if (!m) return undefined
  return { name: normalise(m[1]), extras: (m[2] ?? '').split(',').map((e) => normalise(e.trim())).filter(Boolean) }
}

/** requirements.txt, following `-r other.txt` includes (bounded). */
async function readRequirements(repo: RepoReader, path: string, seen: Set<string>): Promise<Array<Dependency & { file: string }>> {
  if (seen.has(path) || seen.size >= MAX_INCLUDED_REQUIREMENTS) return []
  seen.add(path)
  const text = await repo.read(path)
  if (text === undefined) return []
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : ''
  const out: Array<Dependency & { file: string }> = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    const include = /^(?:-r|--requirement)[\s=]+(\S+)/.exec(line)
    if (include) {
      const target = include[1].startsWith('/') ? include[1].slice(1) : posix.normalize(dir + include[1])
      out.push(...(await readRequirements(repo, target, seen)))
      continue
    }
    if (line.startsWith('-')) continue
    const dep = requirementLine(line)
    if (dep) out.push({ ...dep, file: path })
  }
  return out
}

/** Dependencies in pyproject.toml (PEP 621 arrays, optional-dependencies, dependency-groups, Poetry tables). */
export function pyprojectDependencies(text: string): Dependency[] {
  const out: Dependency[] = []
  let section = ''
  let collecting = false
  const strings = (line: string) => [...line.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2])
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (collecting) {
      for (const s of strings(line)) {
        const dep = requirementLine(s)
        if (dep) out.push(dep)
      }
      if (/\]\s*(#.*)?$/.test(line.replace(/"[^"]*"|'[^']*'/g, ''))) collecting = false
      continue
    }
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line)
    if (header) {
      section = header[1]
      continue
    }
    const dependencySection = /(^|\.)(optional-)?dependencies$|^dependency-groups$|(^|\.)dev-dependencies$/.test(section)
    const assignment = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.*)$/.exec(line)
    if (!assignment) continue
    const key = assignment[1].replace(/"/g, '')
    const value = assignment[2]
    if (value.startsWith('[') && (dependencySection || key === 'dependencies')) {
      for (const s of strings(value)) {
        const dep = requirementLine(s)
        if (dep) out.push(dep)
      }
      collecting = !/\]\s*(#.*)?$/.test(value.replace(/"[^"]*"|'[^']*'/g, ''))
    } else if (dependencySection && /^(tool\.poetry\.|tool\.poetry$)/.test(section) && key !== 'python') {
      const extras = /extras\s*=\s*\[([^\]]*)\]/.exec(value)?.[1]
      out.push({ name: normalise(key), extras: extras ? strings(extras).map(normalise) : [] })
    }
  }
  return out
}

/** `[packages]` of a Pipfile. */
function pipfileDependencies(text: string): Dependency[] {
  const out: Dependency[] = []
  let inPackages = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const header = /^\[([^\]]+)\]/.exec(line)
    if (header) {
      inPackages = header[1] === 'packages'
      continue
    }
    const m = inPackages ? /^"?([A-Za-z0-9][A-Za-z0-9._-]*)"?\s*=/.exec(line) : null
    if (m) out.push({ name: normalise(m[1]), extras: [] })
  }
  return out
}

/** Start commands: Procfile process lines, Dockerfile CMD/ENTRYPOINT, railway.toml/json startCommand. */
function commandsOf(file: string, text: string): Array<{ label: string; command: string }> {
  const out: Array<{ label: string; command: string }> = []
  if (file.endsWith('Procfile')) {
    for (const m of text.matchAll(/^([A-Za-z0-9_-]+):\s*(.+)$/gm)) out.push({ label: `${file} ${m[1]}`, command: m[2] })
  } else if (/Dockerfile[^/]*$/.test(file)) {
    for (const m of text.matchAll(/^\s*(CMD|ENTRYPOINT)\s+(.+)$/gim)) {
      let command = m[2].trim()
      if (command.startsWith('[')) {
        try {
          command = (JSON.parse(command) as unknown[]).map(String).join(' ')
        } catch {
          // keep the raw text
        }
      }
      out.push({ label: `${file} ${m[1].toUpperCase()}`, command })
    }
  } else {
    for (const m of text.matchAll(/startCommand"?\s*[:=]\s*"((?:[^"\\]|\\.)*)"/g)) out.push({ label: `${file} startCommand`, command: m[1] })
  }
  return out
}

export async function detectStack(repo: RepoReader): Promise<Detection> {
  const why = new Map<string, string[]>()
  const add = (preset: string, reason: string) => {
    const list = why.get(preset) ?? []
    if (!list.includes(reason)) list.push(reason)
    why.set(preset, list)
  }
  const fromDependency = (map: Record<string, string>, dep: Dependency, file: string) => {
    const preset = map[dep.name]
    if (preset) add(preset, `${dep.name} in ${file}`)
    for (const extra of dep.extras) {
      const byExtra = PYTHON_EXTRAS[extra]
      if (byExtra && map === PYTHON_DEPENDENCIES) add(byExtra, `${dep.name}[${extra}] in ${file}`)
    }
  }

  for (const root of ROOTS) {
    let backend = false
    if ((await repo.read(`${root}manage.py`)) !== undefined) {
      add('django', `${root}manage.py found`)
      backend = true
    }
    const seen = new Set<string>()
    for (const name of REQUIREMENTS) {
      for (const dep of await readRequirements(repo, `${root}${name}`, seen)) {
        fromDependency(PYTHON_DEPENDENCIES, dep, dep.file)
        backend = true
      }
    }
    const pyproject = await repo.read(`${root}pyproject.toml`)
    if (pyproject !== undefined) {
      backend = true
      for (const dep of pyprojectDependencies(pyproject)) fromDependency(PYTHON_DEPENDENCIES, dep, `${root}pyproject.toml`)
    }
    const pipfile = await repo.read(`${root}Pipfile`)
    if (pipfile !== undefined) {
      backend = true
      for (const dep of pipfileDependencies(pipfile)) fromDependency(PYTHON_DEPENDENCIES, dep, `${root}Pipfile`)
    }
    const mix = await repo.read(`${root}mix.exs`)
    if (mix !== undefined) {
      backend = true
      // `{:redix, "~> 1.2", optional: true}`: the app runs without it, so it sets no requirement.
      for (const m of mix.matchAll(/\{\s*:([a-z0-9_]+)\s*,([^{}]*)\}/g)) {
        if (!/\boptional:\s*true\b/.test(m[2])) fromDependency(MIX_DEPENDENCIES, { name: m[1], extras: [] }, `${root}mix.exs`)
      }
    }
    const packageJson = await repo.read(`${root}package.json`)
    if (packageJson !== undefined) {
      let dependencies: Record<string, unknown> = {}
      try {
        const parsed = JSON.parse(packageJson) as { dependencies?: Record<string, unknown> }
        if (parsed && typeof parsed.dependencies === 'object' && parsed.dependencies !== null) dependencies = parsed.dependencies
      } catch {
        // An unreadable package.json still says "a Node app"; its dependencies stay unknown.
      }
      for (const name of Object.keys(dependencies)) fromDependency(NPM_DEPENDENCIES, { name, extras: [] }, `${root}package.json`)
      // A package.json beside a Python or Elixir app usually builds its assets; alone, it is the app.
      if (!backend) add('node', `${root}package.json found`)
    }
    for (const file of ['Procfile', ...DOCKERFILES, 'railway.toml', 'railway.json']) {
      const text = await repo.read(`${root}${file}`)
      if (text === undefined) continue
      for (const { label, command } of commandsOf(`${root}${file}`, text)) {
        for (const [pattern, preset] of COMMANDS) if (pattern.test(command)) add(preset, `${label} runs ${pattern.exec(command)![0].trim()}`)
      }
    }
  }

  const presets = sortPresets(why.keys())
  if (presets.length === 0) {
    return { presets, reasons: ['nothing recognised: no manage.py, requirements*.txt, pyproject.toml, Pipfile, mix.exs, package.json, Procfile, Dockerfile or railway.toml/json start command names a known stack'] }
  }
  return { presets, reasons: presets.map((p) => `${p}: ${why.get(p)!.join(', ')}`) }
}
