// The history view of the webview: a Jepsen history's verdict and, for a failure, its counterexample drawn as
// the simulator's counterexample view draws one (lanes per process, a bar per operation), with each
// operation's line in the history a link back to the editor. The extension sends the model; this only draws.

import { toExtension, toWebview, validate, type HistoryViewModel, type ToExtension } from '../simulator/protocol';
import type { VsCodeApi } from './app';
import { attrs, clear, h } from './dom';
import { drawTimeline } from './results-view';

const VERDICTS: Record<HistoryViewModel['verdict'], { text: string; tone: string }> = {
  linearizable: { text: 'Linearizable', tone: 'good' },
  'not-linearizable': { text: 'Not linearizable', tone: 'bad' },
  inconclusive: { text: 'Undecided within the time limit', tone: 'warn' },
  unreadable: { text: 'Cannot be read', tone: 'bad' },
};

export class HistoryApp {
  constructor(
    private readonly vscode: VsCodeApi,
    private readonly root: HTMLElement,
  ) {
    window.addEventListener('message', (e) => this.receive(e.data));
    window.addEventListener('error', (e) => this.post({ type: 'error', payload: { message: String(e.message) } }));
    this.post({ type: 'ready', payload: {} });
  }

  private receive(data: unknown): void {
    const message = validate(toWebview, data);
    if (!message.ok) {
      console.warn(`CAP Lens history view: ignored a message: ${message.error}`);
      return;
    }
    if (message.value.type === 'history') this.render(message.value.payload);
  }

  private post(message: ToExtension): void {
    const checked = validate(toExtension, message);
    if (!checked.ok) throw new Error(`refusing to post a malformed message: ${checked.error}`);
    this.vscode.postMessage(message);
  }

  private lineLink(line: number, label = `line ${line}`): HTMLButtonElement {
    const b = h('button', { class: 'link-button', type: 'button', 'aria-label': `Go to line ${line} of the history` }, label);
    b.addEventListener('click', () => this.post({ type: 'revealLine', payload: { line } }));
    return b;
  }

  render(view: HistoryViewModel): void {
    const verdict = VERDICTS[view.verdict];
    const header = h(
      'header',
      { class: 'history-header' },
      h('h1', { class: 'store-name' }, view.fileName),
      h('p', { class: 'summary' }, view.summary),
      h(
        'p',
        { class: `history-verdict ${verdict.tone}`, role: 'status' },
        `${verdict.text}${view.key === undefined ? '' : ` (key ${view.key})`}`,
      ),
    );
    const main = h('main', { class: 'history' }, header);
    if (view.message) main.append(h('p', { class: 'ce-message' }, `${view.message}.`));
    if (view.ops.length) {
      const section = h(
        'section',
        { class: 'counterexample', 'aria-label': 'Counterexample to linearizability' },
        h('h2', { class: 'section-title' }, 'Counterexample'),
      );
      section.append(
        h(
          'p',
          { class: 'intro' },
          `These ${view.ops.length} operations are not linearizable on their own (they include every write they observe). Bars run from invocation to completion, in the order of the history; an open bar timed out and may take effect at any later time.`,
        ),
        drawTimeline(
          view.ops.map((o) => ({
            lane: o.lane,
            label: o.label,
            title: `${o.label} by ${o.lane}, lines ${o.line}–${o.completeLine ?? '?'}`,
            f: o.f,
            invoke: o.invoke,
            complete: o.complete,
            open: o.outcome === 'info',
            failing: o.failing,
          })),
          `Timeline of ${view.ops.length} operations: ${view.message ?? ''}`,
          (t) => `event ${Math.round(t)}`,
        ),
      );
      const list = h('ol', { class: 'history-ops', 'aria-label': 'Operations of the counterexample, in invocation order' });
      for (const o of view.ops)
        list.append(
          h(
            'li',
            { class: o.failing ? 'failing' : '' },
            h('span', { class: 'op-what' }, `${o.lane}: ${o.label}`),
            ' ',
            this.lineLink(o.line),
            o.failing ? h('span', { class: 'op-tag' }, ' cannot take effect') : '',
          ),
        );
      section.append(list);
      main.append(section);
    }
    if (view.notes.length)
      main.append(h('ul', { class: 'history-notes', 'aria-label': 'Notes' }, ...view.notes.map((n) => h('li', {}, n))));
    clear(this.root);
    this.root.append(main);
    attrs(this.root, { 'aria-busy': 'false' });
  }
}
