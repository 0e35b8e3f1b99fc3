import { BUILD_FAILURE_STEPS, BUILD_LOG, DEPLOY_LOG, FIXTURE_SECRETS, PROJECT_TOKEN, web, type Scenario } from './base.ts'

/**
 * The report's scenarios: logs written by an attacker (secrets, workflow commands, Markdown and HTML),
 * logs of 10 MB, and a deploy slow enough to cancel. The GitHub token the sandbox passes is in the logs
 * too, so a leak of either token shows.
 */

export const SANDBOX_GITHUB_TOKEN = 'ghs_SandboxInstallationToken000000000000001'

/** Secret shapes no variable holds: only the pattern rules can catch them. */
export const SHAPED_SECRETS = {
  aws: 'AKIAIOSFODNN7SANDBOX',
  awsSecret: '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',
  github: 'ghp_Sandbox0123456789abcdefghijklmnopqrstuv',
  stripe: 'sk_test_51SandboxShapeOnly0a1b2c3d4e5f',
  slack: 'xoxb-1234567890-sandbox-shape-token',
  openai: 'sk-proj-SandboxShapeOnlyKey0123456789abcdef',
  anthropic: 'sk-ant-api03-SandboxShapeOnlyKey0123456789',
  urlPassword: 'Url-Pass-5b6c7d8e9f',
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSandboxPemBody'
}

/** Each line tries one attack; the e2e test checks that none of them works. */
export const HOSTILE_LINES = [
  '::error title=pwned::injected annotation',
  '::add-mask::Starting',
  '   ::warning::indented command',
  '##[set-output name=result;]success',
  'text before ##[error]legacy command mid-line',
  '::stop-commands::guess',
  '::guess::',
  '::group::injected group',
  '```',
  '````html',
  '</details></details>',
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '<a href="https://evil.example">click</a>',
  '[click me](javascript:alert(1))',
  'cc @acme/everyone and @octocat',
  '\u001b[31mred text\u001b[0m and \u001b]8;;https://evil.example\u0007osc link\u001b]8;;\u0007',
  'bidi \u202eevil\u202c text',
  `django secret ${FIXTURE_SECRETS.SECRET_KEY}`,
  `connecting to ${FIXTURE_SECRETS.DATABASE_URL}`,
  `stripe ${FIXTURE_SECRETS.STRIPE_SECRET_KEY} base64 ${Buffer.from(FIXTURE_SECRETS.STRIPE_SECRET_KEY).toString('base64')}`,
  `railway token ${PROJECT_TOKEN}`,
  `github token ${SANDBOX_GITHUB_TOKEN}`,
  `aws ${SHAPED_SECRETS.aws} aws_secret_access_key=${SHAPED_SECRETS.awsSecret}`,
  `gh ${SHAPED_SECRETS.github} stripe ${SHAPED_SECRETS.stripe} slack ${SHAPED_SECRETS.slack}`,
  `openai ${SHAPED_SECRETS.openai} anthropic ${SHAPED_SECRETS.anthropic}`,
  `amqp://worker:${SHAPED_SECRETS.urlPassword}@mq.internal:5672/`,
  '-----BEGIN PRIVATE KEY-----',
  SHAPED_SECRETS.pemBody,
  'Z2V0IHlvdXIgb3duIGtleQ==SandboxPemBodySecondLine',
  '-----END PRIVATE KEY-----'
]

/** About 10 MB of build log in the last 121 lines the action reads (Railway returns limit+1). */
function hugeBuildLog(): string[] {
  const filler = 'x'.repeat(86_000)
  return [...BUILD_LOG, ...Array.from({ length: 130 }, (_, i) => `[chunk ${i}] ${filler}`), 'ERROR: out of disk space while exporting layers']
}

export const REPORT_SCENARIOS: Record<string, Scenario> = {
  'hostile-logs': {
    name: 'hostile-logs',
    description: 'The app and its build print secrets, workflow commands, fences, </details>, HTML and @mentions: none of it may act or leak.',
    expect: { result: 'success' },
    tokenKind: 'project',
    services: [web({ buildLogs: [...BUILD_LOG, ...HOSTILE_LINES], deployLogs: [...DEPLOY_LOG, ...HOSTILE_LINES] })],
    inputs: { stack: 'django' }
  },
  'huge-logs': {
    name: 'huge-logs',
    description: 'The build fails after printing 10 MB of log: the comment still fits 65,536 characters, the summary 1 MiB.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        steps: BUILD_FAILURE_STEPS,
        buildLogs: hugeBuildLog(),
        deployLogs: []
      })
    ],
    inputs: { stack: 'django' }
  }
}
