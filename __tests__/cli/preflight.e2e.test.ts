/**
 * The preflight bundle (`node dist/cli/index.js`, what `npx railway-deploy-gate` runs) against the
 * sandbox, from an empty folder with a clean environment, as on a laptop.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HEAD_SHA, ROOT, startSandbox, type Sandbox } from '../../sandbox/index.ts'
import { TLS_DIR } from '../../sandbox/sample-app.ts'
import { FIXTURE_SECRETS } from '../../sandbox/scenarios/index.ts'

const CLI_BUNDLE = join(ROOT, 'dist', 'cli', 'index.js')

interface CliResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run bundle\` first.`)
  const cwd = mkdtempSync(join(tmpdir(), 'rdg-cli-'))
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('ca.pem', TLS_DIR)), ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const kill = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  clearTimeout(kill)
  rmSync(cwd, { recursive: true, force: true })
  return { exitCode, stdout, stderr }
}

/** The sandbox's endpoint and fast intervals; the rest is what a user types. */
function sandboxFlags(sandbox: Sandbox): string[] {
  return ['--api-url', sandbox.railway.url, '--poll-interval', '100ms', '--health-interval', '100ms', '--health-timeout', '10s', '--stable-for', '300ms']
}

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

describe('railway-deploy-gate (the preflight CLI)', () => {
  it('checks and deploys on request, prints the report and progress, exits 0, writes nothing to GitHub', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runCli(
      ['--service', 'web', '--stack', 'django', '--deploy', 'api', '--commit-sha', HEAD_SHA, '--health-version', HEAD_SHA, ...sandboxFlags(sandbox)],
      { RAILWAY_TOKEN: sandbox.token, GITHUB_TOKEN: 'ghp_not_used_without_github_repo', GITHUB_API_URL: sandbox.github.url }
    )
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('✅ Railway deploy passed')
    expect(result.stdout).toContain('Health gate: ✅ passed')
    expect(result.stdout).toContain('▸ Build log')
    expect(result.stdout).not.toMatch(/<details>|<!--|\u001b\[/) // Markdown turned into text; no colours when piped
    expect(result.stdout.trim().split('\n').at(-1)).toBe('✓ success')
    expect(result.stderr).toMatch(/Deployment dep-web-\S+: SUCCESS/) // progress while waiting
    expect(result.stderr).toMatch(/Probe 2: .* \(pass\)/)
    expect(result.stderr).not.toContain('::') // no workflow commands on a terminal
    expect(sandbox.railway.deployments.at(-1)?.commitHash).toBe(HEAD_SHA)
    expect(sandbox.github.calls).toHaveLength(0)
  })

  it('deploys nothing by default and still probes the live version', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runCli(['--service', 'web', '--stack', 'django', ...sandboxFlags(sandbox)], { RAILWAY_TOKEN: sandbox.token })
    expect(result.stderr).toContain('check and health only (deploy: off)')
    expect(sandbox.railway.requests.some((r) => r.operation === 'Deploy')).toBe(false)
    expect(result.stdout).toContain('Checklist (presets: django): ✅ 4 variables ok.')
    expect(result.stdout).toMatch(/Nothing deployed \(deploy: off\); the live version at https:\/\/127\.0\.0\.1:\d+\/health passed/)
    expect(result.exitCode).toBe(0)
  })

  it('missing variables: exit 1, names listed, no value printed', async () => {
    sandbox = await startSandbox('missing-variables')
    const result = await runCli(['--service', 'web', '--stack', 'django', '--deploy', 'api', '--commit-sha', HEAD_SHA, ...sandboxFlags(sandbox)], {
      RAILWAY_TOKEN: sandbox.token
    })
    expect(result.exitCode).toBe(1)
    for (const name of ['SECRET_KEY', 'DATABASE_URL', 'ALLOWED_HOSTS']) expect(result.stdout).toContain(name)
    expect(result.stdout).toMatch(/✗ failure: /)
    expect(sandbox.railway.requests.some((r) => r.operation === 'Deploy')).toBe(false)
    for (const secret of [FIXTURE_SECRETS.STRIPE_SECRET_KEY, 'your-secret-key-here']) {
      expect(result.stdout).not.toContain(secret)
      expect(result.stderr).not.toContain(secret)
    }
  })

  it('writes the status to GitHub only when asked with --github-repo', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runCli(
      ['--service', 'web', '--stack', 'django', '--github-repo', 'acme/shop', '--commit-sha', HEAD_SHA, '--github-deployment', 'false', ...sandboxFlags(sandbox)],
      { RAILWAY_TOKEN: sandbox.token, GITHUB_TOKEN: 'ghs_SandboxInstallationToken000000000000001', GITHUB_API_URL: sandbox.github.url }
    )
    expect(result.exitCode).toBe(0)
    expect(sandbox.github.statuses.map((s) => `${s.sha} ${s.context} ${s.state}`)).toEqual([
      `${HEAD_SHA} railway/web pending`,
      `${HEAD_SHA} railway/web success`
    ])
  })

  it('without RAILWAY_TOKEN: exit 1 with the fix, before any request', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runCli(['--service', 'web', ...sandboxFlags(sandbox)])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('no Railway token: RAILWAY_TOKEN is not set')
    expect(sandbox.railway.requests).toHaveLength(0)
  })

  it('usage errors exit 2; --help exits 0 and lists the inputs', async () => {
    const unknown = await runCli(['--servce', 'web'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toContain('Did you mean --service?')
    const noService = await runCli([], { RAILWAY_TOKEN: 'x' })
    expect(noService.exitCode).toBe(2)
    expect(noService.stderr).toContain('--service is required')
    const help = await runCli(['--help'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toContain('--health-version')
    expect(help.stdout).toContain('--github-repo')
  })
})
