// The script of the CAP Lens GitHub Action (action.yml): checks the designs and writes SARIF for code scanning,
// compares the pull request's designs with its base (`cap-lens diff`), writes that review to the job summary, and
// posts it as one pull-request comment, updated on each push. Reads what GitHub gives a step (GITHUB_* variables,
// the event payload, INPUT_* from action.yml); needs nothing of GitHub to run, so the tests drive it on a local
// git repository with a stand-in for the REST API (test/scripts/github-action.test.ts).
//
// Exit status: 0 done; 1 the change adds errors (or has errors, with fail-on: errors); 2 cap-lens could not run.

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Marks the comment this action owns, so a new push updates it instead of adding another. */
export const COMMENT_MARKER = '<!-- cap-lens-design-review -->';

interface Event {
  pull_request?: { number: number; base?: { sha?: string }; head?: { sha?: string } };
  before?: string;
}

const env = process.env;
/** An input as action.yml passes it (`INPUT_FAIL_ON`), or as GitHub names it for other actions (`INPUT_FAIL-ON`). */
const input = (name: string, fallback = '') =>
  (env[`INPUT_${name.toUpperCase().replace(/[ -]/g, '_')}`] ?? env[`INPUT_${name.toUpperCase()}`] ?? '').trim() || fallback;

function setOutput(name: string, value: string): void {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** Runs the CLI (dist/cli.js of this checkout: this script is bundled into dist/, or run from scripts/; or CAP_LENS_CLI). */
function capLens(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const cli = env.CAP_LENS_CLI ?? resolve(__dirname, '..', 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 2, stdout: r.stdout, stderr: r.stderr };
}

async function github(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${env.GITHUB_TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'content-type': 'application/json',
      'user-agent': 'cap-lens-action',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/**
 * Creates the review comment, or updates the one an earlier run posted. A pull request from a fork runs with a
 * read-only token: GitHub answers 403, and the review stays in the job summary (a warning says why).
 */
async function upsertComment(repo: string, number: number, markdown: string): Promise<'created' | 'updated' | 'refused'> {
  const body = `${COMMENT_MARKER}\n${markdown}`;
  const list = await github('GET', `/repos/${repo}/issues/${number}/comments?per_page=100`);
  const mine =
    list.status === 200 && Array.isArray(list.json)
      ? (list.json as { id: number; body?: string }[]).find((c) => c.body?.startsWith(COMMENT_MARKER))
      : undefined;
  const res = mine
    ? await github('PATCH', `/repos/${repo}/issues/comments/${mine.id}`, { body })
    : await github('POST', `/repos/${repo}/issues/${number}/comments`, { body });
  if (res.status === 200 || res.status === 201) return mine ? 'updated' : 'created';
  const reason =
    res.status === 403 || res.status === 404
      ? 'the token may not write to this pull request (a pull request from a fork gets a read-only GITHUB_TOKEN); the review is in the job summary'
      : `GitHub answered ${res.status}`;
  console.log(`::warning title=CAP Lens::could not post the design review comment: ${reason}.`);
  return 'refused';
}

export async function main(): Promise<number> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const paths = input('paths', '.').split(/\s+/).filter(Boolean);
  const event: Event =
    env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH)
      ? (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Event)
      : {};
  const pr = event.pull_request;
  const base = input('base', pr?.base?.sha ?? (event.before && !/^0+$/.test(event.before) ? event.before : ''));
  const head = input('head', pr?.head?.sha ?? env.GITHUB_SHA ?? 'HEAD');
  const failOn = input('fail-on', 'new-errors');
  const out = env.RUNNER_TEMP ? mkdtempSync(join(env.RUNNER_TEMP, 'cap-lens-')) : mkdtempSync(join(tmpdir(), 'cap-lens-'));

  // 1. Every finding, for code scanning.
  const sarif = join(out, 'cap-lens.sarif');
  const check = capLens(['check', '--format', 'sarif', '--output', sarif, ...paths], workspace);
  if (check.code === 2) {
    console.log(`::error title=CAP Lens::${check.stderr.trim().split('\n')[0]}`);
    return 2;
  }
  setOutput('sarif-file', sarif);
  setOutput('has-errors', String(check.code === 1));

  // 2. The design review: what this change does to the designs.
  let newErrors = 0;
  if (base) {
    const linkBase =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob` : undefined;
    const md = capLens(
      ['diff', base, head, ...paths, '--format', 'md', ...(linkBase ? ['--link-base', linkBase] : [])],
      workspace,
    );
    if (md.code === 2) {
      // Usually a shallow clone: the base commit is not there.
      console.log(
        `::error title=CAP Lens::${md.stderr.trim().split('\n')[0]} (check out with fetch-depth: 0 so the base commit is present)`,
      );
      return 2;
    }
    const json = JSON.parse(capLens(['diff', base, head, ...paths, '--format', 'json'], workspace).stdout) as {
      summary: { added: { error: number } };
    };
    newErrors = json.summary.added.error;
    const commentFile = join(out, 'cap-lens-review.md');
    appendFileSync(commentFile, md.stdout);
    setOutput('comment-file', commentFile);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${md.stdout}\n`);
    if (pr && input('comment', 'true') !== 'false' && env.GITHUB_TOKEN && env.GITHUB_REPOSITORY) {
      const done = await upsertComment(env.GITHUB_REPOSITORY, pr.number, md.stdout);
      setOutput('comment', done);
    }
  } else {
    console.log(
      '::notice title=CAP Lens::no base revision (not a pull request, and no `base` input): designs checked, no review diff.',
    );
  }
  setOutput('new-errors', String(newErrors));

  const failed = failOn === 'never' ? false : failOn === 'errors' ? check.code === 1 : newErrors > 0;
  setOutput('failed', String(failed));
  if (failed)
    console.log(
      `::error title=CAP Lens::${failOn === 'errors' ? 'the designs have findings at error level' : `this change adds ${newErrors} finding${newErrors === 1 ? '' : 's'} at error level`} (see the review comment or the job summary).`,
    );
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.log(`::error title=CAP Lens::${e instanceof Error ? e.message : String(e)}`);
      process.exit(2);
    },
  );
}
