import { buildChecklist } from './checklist/build.js'
import { itemFails } from './checklist/evaluate.js'
import { readConfig, type Config } from './config/inputs.js'
import type { Deps } from './deps.js'
import { errorMessage, GateError } from './errors.js'
import type { RunContext } from './github/context.js'
import { runServices } from './pipeline.js'
import { RailwayClient } from './railway/client.js'
import { resolveTarget } from './railway/resolve.js'
import { GitHubReporter } from './report/github.js'
import { resultOf, type RunRecord } from './report/model.js'
import { renderWithin, SUMMARY_LIMIT, utf8Bytes } from './report/render.js'
import { printLogTails } from './report/runner-log.js'
import { SecretSet } from './report/sanitize.js'

/**
 * The action from top to bottom: read inputs → resolve the Railway target → for each service check,
 * deploy, wait and probe (pipeline.ts) → report (summary, comment, statuses, outputs). Start here.
 */

/**
 * The sticky comment's key from the inputs alone: what a run that fails before Railway answers (a bad
 * token) writes under. Once the environment is known the key names it (see RunRecord.provisionalKey).
 */
function defaultKey(config: Config): string {
  return config.commentKey ?? [config.environment, config.services.join(',')].filter(Boolean).join(':')
}

/** Outputs as SPEC.md names them; values of variables never appear in any of them. */
function writeOutputs(deps: Deps, record: RunRecord, commentUrl?: string): void {
  const first = record.services[0]
  // The names that failed the check, by the same rule that fails it (a warn-severity miss is not one).
  const missing = [...new Set(record.services.flatMap((s) => (s.checklist?.items ?? []).filter(itemFails).map((i) => i.name)))]
  // The health gate's own verdict: `skipped` when no gate ran (a failed check or deploy never gets there).
  const verdicts = record.services.map((s) => s.health?.verdict)
  const health = verdicts.includes('failed') ? 'failed' : verdicts.includes('passed') ? 'passed' : 'skipped'
  deps.io.setOutput('result', record.result)
  deps.io.setOutput('deployment-id', first?.deployment?.id ?? '')
  deps.io.setOutput('deployment-status', first?.deployment?.status ?? '')
  deps.io.setOutput('url', first?.url ?? '')
  deps.io.setOutput('health', health)
  deps.io.setOutput('missing-variables', JSON.stringify(missing))
  deps.io.setOutput('comment-url', commentUrl ?? '')
  deps.io.setOutput('report', JSON.stringify(record))
}

export async function run(deps: Deps, runContext: RunContext): Promise<RunRecord> {
  const { log, io } = deps
  const record: RunRecord = {
    result: 'failure',
    key: 'default',
    commitSha: runContext.pullRequestHeadSha ?? runContext.sha,
    deployMode: 'api',
    startedAt: new Date(deps.clock.now()).toISOString(),
    services: [],
    notes: [],
    runUrl: runContext.runId ? runContext.runUrl : undefined
  }
  let config: Config | undefined
  let reporter: GitHubReporter | undefined
  let starting: Promise<void> | undefined
  const secrets = new SecretSet()
  try {
    config = readConfig((name) => io.getInput(name), runContext)
    record.commitSha = config.commitSha
    record.deployMode = config.deploy
    record.key = defaultKey(config)
    if (config.githubToken) {
      log.setSecret(config.githubToken)
      secrets.add(config.githubToken)
      if (runContext.owner) reporter = new GitHubReporter(deps.github(config.githubToken, runContext.apiUrl), config, runContext, log, record.notes)
    }

    if (!config.railwayToken) {
      const cause = runContext.fromFork
        ? 'this run is a pull request from a fork, and GitHub withholds secrets from fork runs'
        : runContext.actor === 'dependabot[bot]'
          ? 'this run was started by Dependabot, which gets no Actions secrets'
          : 'the secret it reads is not set in this repository (or is spelled differently)'
      if (config.onMissingToken === 'skip') {
        record.result = 'skipped'
        record.notes.push(`Skipped: no Railway token — ${cause}.`)
        log.warning(`railway-token is empty (${cause}); skipping because on-missing-token is skip.`)
        record.services = config.services.map((name) => ({ name, id: '', verdict: 'skipped', message: 'skipped: no Railway token', logs: [] }))
        return record
      }
      throw new GateError('config', `railway-token is empty: ${cause}.`, {
        hint: 'Store a Railway project token as the RAILWAY_TOKEN secret and pass `railway-token: ${{ secrets.RAILWAY_TOKEN }}`, or set `on-missing-token: skip` for runs without secrets.'
      })
    }
    log.setSecret(config.railwayToken)
    secrets.add(config.railwayToken)

    const cfg = config
    const client = new RailwayClient({
      apiUrl: cfg.apiUrl,
      token: cfg.railwayToken,
      tokenKind: cfg.tokenType === 'account' ? 'account' : 'project',
      fetch: deps.fetch,
      clock: deps.clock,
      random: deps.random,
      log,
      signal: deps.signal
    })
    const target = await log.group('Resolve the Railway project', () => resolveTarget(client, cfg))
    record.project = target.project
    record.environment = target.environment
    if (!cfg.commentKey) {
      // Runs for two environments on one PR keep two comments: the resolved name goes in the key.
      record.provisionalKey = record.key
      record.key = `${target.environment.name}:${cfg.services.join(',')}`
    }
    log.info(`Project ${target.project.name}, environment ${target.environment.name}, services ${target.services.map((s) => s.name).join(', ')}.`)

    // Pending statuses and the GitHub Deployment are written beside the work, not before it.
    starting = reporter?.start(
      target.services.map((s) => s.name),
      target.environment.name
    )

    const checklist = await buildChecklist(cfg, deps.repo)
    record.services = await runServices({ config: cfg, deps, client, target, checklist, secrets }, target.services)
    record.result = resultOf(record.services)
    return record
  } catch (error) {
    record.result = deps.signal.aborted ? 'cancelled' : 'failure'
    record.error = errorMessage(error)
    return record
  } finally {
    record.finishedAt = new Date(deps.clock.now()).toISOString()
    await starting // its writes catch their own errors; the final ones must come after it
    await report(deps, record, config, reporter)
  }
}

/** Writes the report everywhere it goes. Each destination fails on its own without hiding the others. */
async function report(deps: Deps, record: RunRecord, config: Config | undefined, reporter: GitHubReporter | undefined): Promise<void> {
  const { io, log } = deps
  await printLogTails(log, record)
  if (reporter && config) {
    const environment = record.environment?.name ?? config.environment ?? ''
    if (deps.signal.aborted) {
      // Cancelled: the runner kills the process seconds from now. Close the statuses first, so none is
      // left pending; the comment (which may page through comments) comes after, if time allows.
      await reporter.finishStatuses(record.services, environment, record.error)
      await reporter.writeComment(record)
    } else {
      // The final status links to the comment, so the comment goes first.
      await reporter.writeComment(record)
      await reporter.finishStatuses(record.services, environment, record.error)
    }
  }
  try {
    await io.appendSummary(renderWithin(record, SUMMARY_LIMIT, utf8Bytes))
  } catch (error) {
    log.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
  writeOutputs(deps, record, reporter?.commentUrl)
  const failed = record.services.filter((s) => s.verdict === 'failed')
  if (record.result === 'failure') {
    io.setFailed(record.error ?? failed.map((s) => `${s.name}: ${s.message}`).join('\n'))
  } else if (record.result === 'cancelled') {
    io.setFailed('The run was cancelled; statuses were set to their final state.')
  } else {
    log.info(`Result: ${record.result}.`)
  }
}
