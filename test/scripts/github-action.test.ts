// The GitHub Action's script, run as a GitHub runner runs it but without GitHub: on a local git repository with two
// commits (test/cli/fixtures/diff-history), the event of a pull request between them, and a local stand-in for the
// REST API that records what the script asks. It must write SARIF, put the review in the job summary, post the
// comment (and update it on the next run), survive a fork's read-only token, and fail exactly on new errors.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { assertValidSarif, cliPath, gitHistory } from '../cli/helpers';
import { ROOT } from '../support/lsp-client';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body?: { body?: string };
}

/** A stand-in for api.github.com: comment listing, creation and update, with a status to answer writes with. */
class FakeGitHub {
  requests: Recorded[] = [];
  comments: { id: number; body: string }[] = [];
  writeStatus = 201;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      this.requests.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        body: body ? JSON.parse(body) : undefined,
      });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.method === 'GET' && /^\/repos\/acme\/shop\/issues\/7\/comments/.test(req.url!)) return json(200, this.comments);
      if (this.writeStatus !== 201) return json(this.writeStatus, { message: 'Resource not accessible by integration' });
      if (req.method === 'POST' && req.url === '/repos/acme/shop/issues/7/comments') {
        const comment = { id: 100 + this.comments.length, body: JSON.parse(body).body as string };
        this.comments.push(comment);
        return json(201, comment);
      }
      const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(req.url!);
      if (req.method === 'PATCH' && patch) {
        const comment = this.comments.find((c) => c.id === Number(patch[1]))!;
        comment.body = JSON.parse(body).body;
        return json(200, comment);
      }
      json(404, { message: 'Not Found' });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => ok(data));
  });
}

function git(cwd: string, ...args: string[]): string {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** Runs the action's script like the composite step does (async: the fake API answers from this process). */
function runAction(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/github-action.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CAP_LENS_CLI: cliPath(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('exit', (code) => ok({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the GitHub Action on a local repository with two commits', () => {
  const api = new FakeGitHub();
  let repo: string;
  let base: string;
  let head: string;
  let runner: string;
  before(async () => {
    await api.start();
    repo = gitHistory();
    base = git(repo, 'rev-parse', 'v1');
    head = git(repo, 'rev-parse', 'v2');
    runner = mkdtempSync(join(tmpdir(), 'cap-lens-runner-'));
  });
  after(async () => {
    await api.stop();
  });

  /** The environment GitHub gives a step of a pull_request workflow, files in a fresh folder per run. */
  function stepEnv(name: string, inputs: Record<string, string> = {}): Record<string, string> {
    const event = join(runner, `${name}-event.json`);
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }));
    const files = { GITHUB_OUTPUT: join(runner, `${name}-output`), GITHUB_STEP_SUMMARY: join(runner, `${name}-summary.md`) };
    for (const f of Object.values(files)) writeFileSync(f, '');
    return {
      GITHUB_WORKSPACE: repo,
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: api.url,
      GITHUB_TOKEN: 'test-token',
      GITHUB_SHA: head,
      RUNNER_TEMP: runner,
      ...files,
      ...inputs,
    };
  }

  const outputs = (env: Record<string, string>) =>
    Object.fromEntries(
      readFileSync(env.GITHUB_OUTPUT, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );

  it('writes SARIF, puts the review in the job summary, comments on the pull request, and fails on new errors', async () => {
    const env = stepEnv('first', { INPUT_PATHS: 'designs docs' });
    const r = await runAction(env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /::error title=CAP Lens::this change adds 4 findings at error level/);
    const out = outputs(env);
    assert.deepEqual([out['new-errors'], out.failed, out.comment, out['has-errors']], ['4', 'true', 'created', 'true']);
    assertValidSarif(readFileSync(out['sarif-file'], 'utf8'));
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    assert.match(summary, /^### CAP Lens · design review of `[0-9a-f]{40}` → `[0-9a-f]{40}`$/m);
    assert.ok(
      summary.includes(`(https://github.com/acme/shop/blob/${head}/designs/shop.cap.yaml#L7)`),
      'links to the lines of the head commit',
    );
    const post = api.requests.find((q) => q.method === 'POST')!;
    assert.equal(post.url, '/repos/acme/shop/issues/7/comments');
    assert.equal(post.authorization, 'Bearer test-token');
    assert.ok(post.body!.body!.startsWith('<!-- cap-lens-design-review -->\n### CAP Lens · design review'));
    assert.equal(post.body!.body!.slice('<!-- cap-lens-design-review -->\n'.length), `${summary.trimEnd()}\n`);
  });

  it('updates its own comment on the next push instead of adding another', async () => {
    api.requests = [];
    const r = await runAction(stepEnv('second', { INPUT_PATHS: 'designs docs' }));
    assert.equal(r.code, 1);
    assert.deepEqual(
      api.requests.map((q) => `${q.method} ${q.url.replace(/\?.*/, '')}`),
      ['GET /repos/acme/shop/issues/7/comments', 'PATCH /repos/acme/shop/issues/comments/100'],
    );
    assert.equal(api.comments.length, 1);
  });

  it('keeps the review in the job summary when the token may not comment (a pull request from a fork)', async () => {
    api.writeStatus = 403;
    try {
      const env = stepEnv('fork', { INPUT_PATHS: 'docs', INPUT_FAIL_ON: 'never' });
      api.comments = [];
      const r = await runAction(env);
      assert.equal(r.code, 0, 'fail-on: never');
      assert.match(
        r.stdout,
        /::warning title=CAP Lens::could not post the design review comment: the token may not write to this pull request \(a pull request from a fork gets a read-only GITHUB_TOKEN\); the review is in the job summary\./,
      );
      assert.match(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), /docs\/rfc-sessions\.md/);
      assert.deepEqual([outputs(env).comment, outputs(env)['new-errors']], ['refused', '1']);
    } finally {
      api.writeStatus = 201;
    }
  });

  it('passes a change that adds no error, and says so when the base commit is missing (a shallow clone)', async () => {
    const env = stepEnv('clean', { INPUT_PATHS: 'designs/stock.cap.yaml', INPUT_COMMENT: 'false' });
    const clean = await runAction(env);
    assert.equal(clean.code, 0, clean.stdout);
    assert.deepEqual([outputs(env)['new-errors'], outputs(env).failed], ['0', 'false']);
    const shallow = await runAction(
      stepEnv('shallow', { INPUT_BASE: '0123456789abcdef0123456789abcdef01234567', INPUT_COMMENT: 'false' }),
    );
    assert.equal(shallow.code, 2);
    assert.match(
      shallow.stdout,
      /::error title=CAP Lens::cap-lens: '0123456789abcdef0123456789abcdef01234567' is neither a file nor a git revision\. \(check out with fetch-depth: 0 so the base commit is present\)/,
    );
  });
});

describe('action.yml and the example workflow', () => {
  it('run the script the build bundles, with the permissions the docs name', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'composite');
    const steps = action.runs.steps as { run?: string; uses?: string; id?: string; env?: Record<string, string> }[];
    assert.match(steps.find((s) => s.id === 'review')!.run!, /dist\/github-action\.js/);
    assert.match(readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8'), /scripts\/github-action\.ts[^}]*dist\/github-action\.js/);
    for (const name of Object.keys(action.inputs)) {
      const passed = Object.entries(steps.find((s) => s.id === 'review')!.env ?? {}).some(
        ([k, v]) => k === `INPUT_${name.toUpperCase().replace(/-/g, '_')}` || String(v).includes(`inputs.${name}`),
      );
      const used = passed || JSON.stringify(steps).includes(`inputs.${name}`);
      assert.ok(used, `input ${name} reaches a step`);
    }
    assert.ok(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
    const workflow = parse(readFileSync(join(ROOT, 'docs/examples/cap-lens-review.yml'), 'utf8'));
    assert.deepEqual(workflow.permissions, { contents: 'read', 'pull-requests': 'write', 'security-events': 'write' });
    const checkout = workflow.jobs.review.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/checkout@'));
    assert.equal(checkout.with['fetch-depth'], 0, 'the base commit must be fetched');
    const docs = readFileSync(join(ROOT, 'docs/reviews.md'), 'utf8');
    assert.ok(
      docs.includes(readFileSync(join(ROOT, 'docs/examples/cap-lens-review.yml'), 'utf8').trim()),
      'docs/reviews.md shows the example workflow as it is',
    );
  });
});
