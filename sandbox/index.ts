import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FakeGitHub, type FakeGitHubOptions } from './fake-github.ts'
import { FakeRailway } from './fake-railway.ts'
import { SampleApp, TLS_DIR } from './sample-app.ts'
import { ACCOUNT_TOKEN, PREVIOUS_COMMIT, PROJECT, PROJECT_TOKEN, SCENARIOS, type Scenario } from './scenarios/index.ts'

/**
 * Starts a whole world on loopback — fake Railway, fake GitHub, one sample app per public service —
 * and runs the bundled action against it exactly as a runner would: `node dist/index.js` with INPUT_*,
 * GITHUB_* and the output and summary files. Used by the demo, the e2e tests and the benchmark.
 */

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const BUNDLE = join(ROOT, 'dist', 'index.js')
export const REPO = { owner: 'acme', repo: 'shop' }
export const HEAD_SHA = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
export const MERGE_SHA = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d'
export const PR_NUMBER = 42

export interface SandboxOptions {
  timeScale?: number
  github?: FakeGitHubOptions
  rateLimitBudget?: number
}

export interface Sandbox {
  scenario: Scenario
  railway: FakeRailway
  github: FakeGitHub
  apps: Map<string, SampleApp>
  token: string
  stop(): Promise<void>
}

export function getScenario(name: string): Scenario {
  const scenario = SCENARIOS[name]
  if (!scenario) throw new Error(`Unknown scenario "${name}". Known: ${Object.keys(SCENARIOS).join(', ')}`)
  return scenario
}

export async function startSandbox(scenarioOrName: Scenario | string, options: SandboxOptions = {}): Promise<Sandbox> {
  const scenario = typeof scenarioOrName === 'string' ? getScenario(scenarioOrName) : scenarioOrName
  const railway = await new FakeRailway({ scenario, timeScale: options.timeScale, rateLimitBudget: options.rateLimitBudget }).start()
  const github = await new FakeGitHub(options.github).start()
  const apps = new Map<string, SampleApp>()
  for (const service of scenario.services.filter((s) => s.publicDomain)) {
    const app = await new SampleApp({
      behaviour: service.app ?? { mode: 'healthy' },
      healthPath: service.healthcheckPath ?? '/health',
      timeScale: options.timeScale,
      serving: () => {
        const active = railway.activeDeployment(service.id)
        return { commit: active?.commitHash ?? PREVIOUS_COMMIT, since: active?.statusUpdatedAt ?? 0 }
      }
    }).start()
    apps.set(service.id, app)
    railway.publicDomainHost.set(service.id, service.domainHost === 'localhost' ? app.host.replace('127.0.0.1', 'localhost') : app.host)
  }
  return {
    scenario,
    railway,
    github,
    apps,
    token: scenario.tokenKind === 'project' ? PROJECT_TOKEN : ACCOUNT_TOKEN,
    async stop() {
      await Promise.all([railway.stop(), github.stop(), ...[...apps.values()].map((a) => a.stop())])
    }
  }
}

export interface RunOptions {
  inputs?: Record<string, string>
  event?: 'pull_request' | 'push'
  /** Extra environment for the action process. */
  env?: Record<string, string>
  /** Kill the action after this long (a safety net; tests stay well inside it). */
  killAfterMs?: number
  /** Send SIGINT after this long (cancellation tests). */
  interruptAfterMs?: number
  /** The checked-out repository (GITHUB_WORKSPACE); default: a folder holding the scenario's `files`. */
  workspace?: string
  /** Called with each complete stdout line and the moment it arrived (the benchmark's timestamps). */
  onStdoutLine?: (line: string, at: number) => void
}

export interface RunResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  durationMs: number
  /** When the action process was spawned (ms since epoch). */
  startedAt: number
}

/** Parses the runner's GITHUB_OUTPUT file (`name<<DELIM` blocks as @actions/core writes them). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const body: string[] = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) body.push(lines[i])
      outputs[m[1]] = body.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/** Default inputs for the sandbox: fast intervals so runs take about a second. */
export function sandboxInputs(sandbox: Sandbox): Record<string, string> {
  return {
    'railway-token': sandbox.token,
    service: sandbox.scenario.services.map((s) => s.name).join(','),
    'api-url': sandbox.railway.url,
    'github-token': 'ghs_SandboxInstallationToken000000000000001',
    'poll-interval': '100ms',
    timeout: '30s',
    'health-interval': '100ms',
    'health-timeout': '10s',
    'health-version': HEAD_SHA,
    'stable-for': '300ms',
    ...(sandbox.scenario.tokenKind === 'account' ? { project: PROJECT.id } : {}),
    ...(sandbox.scenario.inputs ?? {})
  }
}

export async function runAction(sandbox: Sandbox, options: RunOptions = {}): Promise<RunResult> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run bundle\` first.`)
  const dir = mkdtempSync(join(tmpdir(), 'rdg-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  const eventFile = join(dir, 'event.json')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const event = options.event ?? 'pull_request'
  const payload =
    event === 'pull_request'
      ? {
          action: 'synchronize',
          number: PR_NUMBER,
          pull_request: {
            number: PR_NUMBER,
            head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: 'acme/shop' } },
            base: { sha: PREVIOUS_COMMIT, ref: 'main', repo: { full_name: 'acme/shop' } }
          },
          repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } }
        }
      : { ref: 'refs/heads/main', after: HEAD_SHA, repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } } }
  writeFileSync(eventFile, JSON.stringify(payload))
  const workspace = options.workspace ?? join(dir, 'workspace')
  if (!options.workspace) {
    for (const [path, text] of Object.entries(sandbox.scenario.files ?? {})) {
      const full = join(workspace, path)
      mkdirSync(dirname(full), { recursive: true })
      writeFileSync(full, text)
    }
    mkdirSync(workspace, { recursive: true })
  }

  const inputs = { ...sandboxInputs(sandbox), ...(options.inputs ?? {}) }
  // A clean environment, as on a runner: nothing of the test process (NODE_OPTIONS...) leaks in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: event === 'pull_request' ? MERGE_SHA : HEAD_SHA,
    GITHUB_REF: event === 'pull_request' ? `refs/pull/${PR_NUMBER}/merge` : 'refs/heads/main',
    GITHUB_REPOSITORY: `${REPO.owner}/${REPO.repo}`,
    GITHUB_REPOSITORY_OWNER: REPO.owner,
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: sandbox.github.url,
    GITHUB_GRAPHQL_URL: `${sandbox.github.url}/graphql`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('ca.pem', TLS_DIR)),
    // A new domain's DNS: the action's resolver does not know `localhost` for a while (sandbox/dns-late.mjs).
    ...(sandbox.scenario.dnsFailedLookups !== undefined
      ? { NODE_OPTIONS: `--import=${fileURLToPath(new URL('dns-late.mjs', import.meta.url))}`, SANDBOX_DNS_FAIL_LOOKUPS: String(sandbox.scenario.dnsFailedLookups) }
      : {}),
    ...(options.env ?? {})
  }
  // The runner keeps hyphens in input names: INPUT_HEALTH-URL.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value

  const started = Date.now()
  const child = spawn(process.execPath, [BUNDLE], { env, cwd: env.GITHUB_WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let pending = ''
  child.stdout.on('data', (d) => {
    stdout += d
    if (!options.onStdoutLine) return
    const at = Date.now()
    const lines = (pending + d).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) options.onStdoutLine(line, at)
  })
  child.stderr.on('data', (d) => (stderr += d))
  const kill = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000)
  const interrupt = options.interruptAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs)
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])))
  clearTimeout(kill)
  if (interrupt) clearTimeout(interrupt)
  const result: RunResult = {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    durationMs: Date.now() - started,
    startedAt: started
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}
