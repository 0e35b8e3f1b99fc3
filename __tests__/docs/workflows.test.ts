import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { readActionManifest, ROOT } from './action-contract.js'

/**
 * The repository's own workflows: they parse, have the jobs and steps their purpose needs, and pass
 * actionlint when it is installed (it is not an npm package worth depending on; CI machines may have it).
 */

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, { 'runs-on': string; 'timeout-minutes'?: number; steps: Step[]; if?: string }>
}

const DIR = `${ROOT}/.github/workflows`
const load = (file: string) => parse(readFileSync(`${DIR}/${file}`, 'utf8')) as Workflow
const runs = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''))

describe('.github/workflows', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'))

  it.each(files)('%s parses, sets least permissions, and bounds every job', (file) => {
    const wf = load(file)
    expect(wf.permissions).toBeDefined()
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(`${name}: ${job['runs-on']}`).toBe(`${name}: ubuntu-latest`)
      expect(job['timeout-minutes']).toBeGreaterThan(0)
      for (const step of job.steps) if (step.uses && !step.uses.startsWith('./')) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/)
    }
  })

  it('ci.yml type-checks, lints, bundles and tests on Node 24', () => {
    const wf = load('ci.yml')
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']))
    expect(runs(wf)).toEqual(expect.arrayContaining(['npm ci', 'npm run typecheck', 'npm run lint', 'npm run bundle', 'npm test']))
    const setup = Object.values(wf.jobs)[0].steps.find((s) => s.uses?.startsWith('actions/setup-node'))
    expect(String(setup?.with?.['node-version'])).toBe('24')
  })

  it('check-dist.yml rebuilds and fails on any difference in dist/', () => {
    const script = runs(load('check-dist.yml')).join('\n')
    expect(script).toContain('npm run bundle')
    expect(script).toMatch(/git status --porcelain -- dist/)
  })

  it('e2e.yml starts the sandbox in the background and runs the action through uses: ./ with known inputs', () => {
    const wf = load('e2e.yml')
    const manifest = readActionManifest()
    let local = 0
    for (const job of Object.values(wf.jobs)) {
      const serve = job.steps.findIndex((s) => /node sandbox\/serve\.ts .*--lifetime \S+ .*&/.test(s.run ?? ''))
      const action = job.steps.findIndex((s) => s.uses === './')
      expect(serve).toBeGreaterThanOrEqual(0)
      expect(action).toBeGreaterThan(serve)
      expect(job.steps.findIndex((s) => s.run === 'npm run bundle')).toBeLessThan(action)
      for (const name of Object.keys(job.steps[action].with ?? {})) expect(`${name}: ${name in manifest.inputs}`).toBe(`${name}: true`)
      // The sandbox's values arrive through $GITHUB_ENV under the names serve.ts writes.
      expect(job.steps[action].with?.['api-url']).toBe('${{ env.SANDBOX_API_URL }}')
      local++
    }
    expect(local).toBeGreaterThanOrEqual(2)
    const serveSource = readFileSync(`${ROOT}/sandbox/serve.ts`, 'utf8')
    expect(serveSource).toContain('SANDBOX_${name.toUpperCase()')
  })

  it('release.yml moves the major tag on a published release', () => {
    const wf = load('release.yml')
    expect(wf.on).toEqual({ release: { types: ['published'] } })
    expect(wf.permissions).toEqual({ contents: 'write' })
    const script = runs(wf).join('\n')
    expect(script).toContain('MAJOR="${TAG%%.*}"')
    expect(script).toMatch(/git push origin "refs\/tags\/\$MAJOR" --force/)
  })

  it('bench.yml is not ours, and every other workflow is one of the four', () => {
    expect(files.filter((f) => f !== 'bench.yml').sort()).toEqual(['check-dist.yml', 'ci.yml', 'e2e.yml', 'release.yml'])
  })

  const actionlint = spawnSync('actionlint', ['-version'], { encoding: 'utf8', timeout: 10_000 })
  const lint = actionlint.status === 0 ? it : it.skip
  lint('pass actionlint (skipped when actionlint is not on PATH)', () => {
    const result = spawnSync('actionlint', ['-no-color'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
    expect(result.stdout + result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('.github/dependabot.yml', () => {
  const config = parse(readFileSync(`${ROOT}/.github/dependabot.yml`, 'utf8')) as {
    updates: { 'package-ecosystem': string; ignore?: { 'dependency-name': string; versions: string[] }[] }[]
  }

  it('updates npm and GitHub Actions, and keeps TypeScript below 7 for ts-jest', () => {
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm')!
    expect(npm.ignore).toContainEqual({ 'dependency-name': 'typescript', versions: ['>=7'] })
  })
})
