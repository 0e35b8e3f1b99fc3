import type { InputName } from '../config/inputs.js'
import { CLI_DEFAULT_OVERRIDES, CLI_ONLY_FLAGS, cliDefault, INPUT_NAMES } from './flags.js'

/**
 * `--help`: every action input as a flag, in action.yml's order, with the default the preflight uses.
 * The one-liners are shorter than action.yml's descriptions; the type makes sure none is missing.
 */
const SUMMARY: Record<InputName, string> = {
  'railway-token': 'Prefer the RAILWAY_TOKEN environment variable: a flag shows up in shell history.',
  'on-missing-token': 'fail | skip',
  'token-type': 'project | account | auto',
  project: 'Project id (needed with an account token).',
  environment: 'Environment name or id (account token: production when empty).',
  service: 'Service names or ids, comma-separated. Required.',
  stack: 'Presets (django, celery, channels, flask, fastapi, phoenix, node, postgres, redis, stripe, openai, anthropic, aws-s3, smtp), auto or none.',
  checklist: 'YAML checklist merged over the presets (read from the current directory).',
  'secrets-check': 'error | warn | off',
  deploy: 'off | api | cli | watch. The preflight only checks unless you ask it to deploy.',
  'commit-sha': 'Commit to deploy or watch (default: git HEAD of the current directory).',
  timeout: 'Deadline for the deployment to reach SUCCESS.',
  'poll-interval': 'Base interval between Railway status reads.',
  'health-url': 'Full URL to probe, or none (default: the service domain + health-path).',
  'health-path': "Default: the service's healthcheckPath, else /health.",
  'health-status': 'Accepted codes, e.g. 200,204 or 200-299.',
  'health-body': 'Text the body must contain; /.../ for a regular expression.',
  'health-version': 'A string (the commit SHA) the new version must answer with.',
  'health-successes': 'Consecutive passing probes required.',
  'health-interval': 'Base interval between probes.',
  'health-timeout': 'Deadline for the health gate after SUCCESS.',
  'stable-for': 'A service without URL must stay SUCCESS this long.',
  comment: 'sticky | new | off (only with --github-repo).',
  'comment-key': 'Tells apart several sticky comments on one PR.',
  'log-lines': 'Lines of build and deploy log in the report.',
  'status-context': 'Commit status context (only with --github-repo).',
  'github-deployment': 'true | false (only with --github-repo).',
  'rollback-on-failure': 'true | false',
  'github-token': 'Token for --github-repo (default: the GITHUB_TOKEN environment variable).',
  'api-url': 'Railway GraphQL endpoint.'
}

export function helpText(): string {
  const rows = INPUT_NAMES.map((name) => {
    const fallback = cliDefault(name)
    const shown = fallback === '' ? '' : ` (default: ${fallback}${name in CLI_DEFAULT_OVERRIDES ? '; the action defaults to api' : ''})`
    return `  --${name.padEnd(21)} ${SUMMARY[name]}${shown}`
  })
  const extras = Object.entries(CLI_ONLY_FLAGS).map(([name, text]) => `  --${name.padEnd(21)} ${text}`)
  return [
    'railway-deploy-gate — run the Railway Deploy Gate from your machine before you push.',
    '',
    'Usage: RAILWAY_TOKEN=… railway-deploy-gate --service web [--stack auto] [--deploy off] [flags]',
    '',
    'Each flag is the action input of the same name (see action.yml); write --name value or --name=value.',
    '',
    'Inputs:',
    ...rows,
    '',
    'Only here:',
    ...extras,
    '',
    'Exit code: 0 when the run passed or was skipped, 1 when it failed or was cancelled, 2 for a usage error.',
    'No value of a Railway variable is ever printed.'
  ].join('\n')
}
