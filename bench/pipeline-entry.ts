/**
 * The log-pipeline micro-benchmark, bundled at bench time with ncc (src/ imports end in `.js`, which
 * Node's type stripping cannot follow) and run in a fresh process per sample so peak memory is its own.
 * It pushes ~10 MB of hostile log text through the action's real code: clean + redact every line
 * (sanitizeLines), then render the report within the job-summary and the PR-comment limits.
 * Prints one JSON line.
 */
import type { RunRecord } from '../src/report/model.js'
import { GITHUB_COMMENT_LIMIT, renderWithin, SUMMARY_LIMIT } from '../src/report/render.js'
import { sanitizeLines, SecretSet } from '../src/report/sanitize.js'

const TARGET_BYTES = Number(process.env.BENCH_LOG_BYTES ?? 10 * 1024 * 1024)

const SECRETS = [
  'sbx-9f8e7d6c5b4a39281706f5e4d3c2b1a0-django-secret-key-value-1234567890',
  'Pg-Pass-4f9a8b7c6d5e',
  'sk_live_51SandboxFixtureKey9a8b7c6d5e4f3a2b1c0d',
  'Rd-Pass-7e6d5c4b3a29',
  'rw-proj-7f3c9a2e-4b1d-4e8f-9a6c-2d5e8f1b3c7a',
  'ghs_SandboxInstallationToken000000000000001'
]

/** A mix of what build and app logs hold: plain lines, colours, stack traces, and leaked secrets. */
function logLine(i: number): string {
  switch (i % 10) {
    case 0:
      return `\u001b[32m[gunicorn]\u001b[0m 10.0.${i % 255}.${i % 7} - - "GET /api/items?page=${i} HTTP/1.1" 200 ${1000 + (i % 9000)} "-" "Mozilla/5.0"`
    case 1:
      return `Connecting to postgresql://postgres:${SECRETS[1]}@postgres.railway.internal:5432/railway (attempt ${i})`
    case 2:
      return `  File "/app/shop/views.py", line ${i % 400}, in checkout\n    charge = stripe.Charge.create(api_key="${SECRETS[2]}")`
    case 3:
      return `DEBUG settings loaded SECRET_KEY=${SECRETS[0]} worker=${i}`
    case 4:
      return `\u001b[1;31mERROR\u001b[0m task ${i} failed: ConnectionResetError(104, 'Connection reset by peer') \u202e gnp.exe`
    case 5:
      return `npm notice token ghp_${'a1B2c3D4e5'.repeat(4)} used for registry.npmjs.org (${i})`
    default:
      return `#${i} [build 4/7] RUN pip install -r requirements.txt -- Collecting package-${i}==1.${i % 30}.0 (from -r requirements.txt (line ${i % 80}))`
  }
}

function record(build: string[], deploy: string[]): RunRecord {
  return {
    result: 'failure',
    key: 'production:web',
    commitSha: '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4',
    deployMode: 'api',
    startedAt: new Date(0).toISOString(),
    services: [
      {
        name: 'web',
        id: 'svc-1a2b-web',
        verdict: 'failed',
        failedStage: 'health',
        message: 'The health gate failed.',
        logs: [
          { kind: 'deploy', lines: deploy, truncated: false },
          { kind: 'build', lines: build, truncated: false }
        ]
      }
    ],
    notes: []
  }
}

const lines: string[] = []
let bytes = 0
for (let i = 0; bytes < TARGET_BYTES; i++) {
  const line = logLine(i)
  lines.push(line)
  bytes += Buffer.byteLength(line) + 1
}
const secrets = new SecretSet()
for (const value of SECRETS) secrets.add(value)
const rssBeforeMb = process.memoryUsage().rss / 1048576

const started = performance.now()
const half = Math.floor(lines.length / 2)
const build = sanitizeLines(lines.slice(0, half), secrets, half).lines
const deploy = sanitizeLines(lines.slice(half), secrets, lines.length - half).lines
const sanitized = performance.now()
const summary = renderWithin(record(build, deploy), SUMMARY_LIMIT)
const comment = renderWithin(record(build, deploy), GITHUB_COMMENT_LIMIT)
const rendered = performance.now()

const leaked = SECRETS.filter((s) => summary.includes(s) || comment.includes(s)).length
console.log(
  JSON.stringify({
    inputBytes: bytes,
    lines: lines.length,
    sanitizeMs: sanitized - started,
    renderMs: rendered - sanitized,
    totalMs: rendered - started,
    rssBeforeMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    summaryChars: summary.length,
    commentChars: comment.length,
    leaked
  })
)
