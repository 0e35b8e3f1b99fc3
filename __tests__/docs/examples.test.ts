import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { readActionManifest, ROOT } from './action-contract.js'

/** Every example is a workflow a user can copy: it parses, and its step for this action uses only what action.yml declares. */

const manifest = readActionManifest()
const STACKS = ['django-celery', 'phoenix', 'flask', 'fastapi-workers', 'django-channels']

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>
}

function load(stack: string): Workflow {
  return parse(readFileSync(`${ROOT}/examples/${stack}/workflow.yml`, 'utf8')) as Workflow
}

function gateSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps.filter((s) => s.uses?.includes('railway-deploy-gate')))
}

describe('examples/', () => {
  it('has one folder per seed stack, each with a workflow and a README', () => {
    const folders = readdirSync(`${ROOT}/examples`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
    expect(folders.sort()).toEqual([...STACKS].sort())
    for (const stack of STACKS) {
      expect(existsSync(`${ROOT}/examples/${stack}/workflow.yml`)).toBe(true)
      expect(readFileSync(`${ROOT}/examples/${stack}/README.md`, 'utf8')).toContain('railway-checklist.yml')
    }
  })

  describe.each(STACKS)('%s', (stack) => {
    const workflow = load(stack)
    const steps = gateSteps(workflow)

    it('runs the action once, at a major tag', () => {
      expect(steps).toHaveLength(1)
      expect(steps[0].uses).toMatch(/^[A-Za-z0-9-]+\/railway-deploy-gate@v\d+$/)
    })

    it('passes only inputs action.yml declares, and every required one', () => {
      const given = Object.keys(steps[0].with ?? {})
      for (const name of given) expect(`${name}: ${name in manifest.inputs}`).toBe(`${name}: true`)
      for (const [name, input] of Object.entries(manifest.inputs)) if (input.required) expect(given).toContain(name)
      for (const value of Object.values(steps[0].with ?? {})) expect(typeof value).toBe('string') // quoted, as in action.yml: what the runner passes is text
    })

    it('takes the token from a secret and reads the checklist copied from this folder', () => {
      expect(String(steps[0].with?.['railway-token'])).toMatch(/\$\{\{.*secrets\.RAILWAY_\w*TOKEN/)
      expect(steps[0].with?.checklist).toBe('.github/railway-checklist.yml')
      expect(readFileSync(`${ROOT}/examples/${stack}/workflow.yml`, 'utf8')).toContain(`examples/${stack}/railway-checklist.yml`)
    })

    it('checks out first, and asks for the permissions the README explains', () => {
      const job = Object.values(workflow.jobs).find((j) => j.steps.some((s) => s.uses?.includes('railway-deploy-gate')))!
      expect(job.steps[0].uses).toMatch(/^actions\/checkout@v\d+$/)
      expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', statuses: 'write', deployments: 'write' })
      expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']))
    })
  })

  it('the FastAPI example gates all four services of the guide', () => {
    const service = String(gateSteps(load('fastapi-workers'))[0].with?.service)
    expect(service.split(/[\n,]/).map((s) => s.trim()).filter(Boolean)).toEqual(['api', 'worker', 'print-worker', 'scheduler'])
  })
})
