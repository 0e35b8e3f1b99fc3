import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { ROOT, runAction, startSandbox } from '../sandbox/index.ts'

/**
 * `node scripts/screenshot-report.ts [--scenario healthy] [--out docs/pr-comment.png]`: runs the bundled
 * action on a sandbox scenario, renders the Markdown it wrote (the PR comment's body) with a GFM
 * renderer and GitHub's stylesheet, and takes a headless Chromium screenshot for the README.
 * Needs Debian's chromium (`apt-get install -y chromium`) and a fresh `npm run bundle`.
 */

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? process.argv[at + 1] : fallback
}

if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\`, or set CHROMIUM to its path.`)
  process.exit(1)
}

const scenario = argument('scenario', 'healthy')
const out = join(ROOT, argument('out', 'docs/pr-comment.png'))
const sandbox = await startSandbox(scenario)
let markdown: string
try {
  markdown = (await runAction(sandbox)).summary
} finally {
  await sandbox.stop()
}
// The sample app listens on a random loopback port; show a Railway-style domain instead.
const shown = markdown.replace(/https:\/\/127\.0\.0\.1:\d+/g, 'https://web-production.up.railway.app')

const css = readFileSync(join(ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'), 'utf8')
const html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.comment { width: 860px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
.comment header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; font: 14px -apple-system, 'Segoe UI', sans-serif; color: #57606a; }
.comment header b { color: #1f2328; }
.markdown-body { padding: 16px; }
</style></head><body><div class="comment"><header><b>github-actions</b> bot commented</header>
<article class="markdown-body">${await marked.parse(shown, { gfm: true })}</article></div></body></html>`

const dir = mkdtempSync(join(tmpdir(), 'rdg-shot-'))
try {
  writeFileSync(join(dir, 'comment.html'), html)
  execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--window-size=894,700',
      `--screenshot=${out}`,
      `file://${join(dir, 'comment.html')}`
    ],
    { stdio: 'inherit', timeout: 60_000 }
  )
  console.log(`Wrote ${out}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
