// The Scenarios tab: the design's `scenarios:` run as `cap-lens simulate` runs them (the same system, built by the
// language server, and the same core, in the panel's worker), with every expectation's verdict, each datastore's
// and each component's own figures, the timeline and the concurrent versions side by side.

import type { RevealTarget, SimulatorModel } from '../simulator/protocol';
import {
  describeConvergence,
  describeLeadership,
  duration,
  milliseconds,
  percent,
  scenarioContextOf,
  validateScenarios,
  type Scenario,
  type ScenarioError,
  type SimSystem,
} from './core';
import { conflictsView } from './conflicts-view';
import { attrs, clear, h, text } from './dom';
import { drawTimeline, fatesOf } from './timeline-view';
import type { ScenarioOutcome } from './worker-protocol';

export interface ScenarioHandlers {
  reveal(target: RevealTarget): void;
  run(system: SimSystem, scenario: Scenario): Promise<ScenarioOutcome>;
  announce(message: string): void;
  /** The scenario the user picked, to save with the panel's state. */
  selected(name: string): void;
  /** Where runs happen: in the Web Worker, or on the page when no worker could start. */
  runsIn(): 'worker' | 'page';
}

export class ScenarioView {
  readonly root: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly runButton: HTMLButtonElement;
  private readonly goButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly results: HTMLElement;
  private model: SimulatorModel | undefined;
  private scenarios: Scenario[] = [];
  private errors: ScenarioError[] = [];
  private runId = 0;
  /** What the shown results were computed from: when the design changes they are marked out of date. */
  private shownFrom = '';

  constructor(private readonly handlers: ScenarioHandlers) {
    this.select = h('select', { id: 'scenario', 'aria-label': 'Scenario to run' });
    this.select.addEventListener('change', () => {
      this.handlers.selected(this.select.value);
      this.renderProblems();
    });
    this.runButton = h('button', { type: 'button', class: 'primary run', 'aria-label': 'Run the scenario' }, 'Run');
    this.runButton.addEventListener('click', () => void this.run());
    this.goButton = h('button', { type: 'button', class: 'link-button', 'aria-label': 'Go to the scenario in the editor' }, '');
    this.goButton.addEventListener('click', () => {
      const s = this.current();
      if (s) this.handlers.reveal({ datastore: '', scenarioPath: s.path.join('/') });
    });
    this.status = h('output', { class: 'scenario-status', 'aria-live': 'polite' }, '');
    this.problems = h('div', { class: 'scenario-problems', hidden: true });
    this.results = h('div', { class: 'scenario-results' });
    this.root = h(
      'div',
      { class: 'scenario-view' },
      h(
        'div',
        { class: 'toolbar' },
        h(
          'div',
          { class: 'group' },
          h('label', { for: 'scenario', class: 'seed-label' }, 'Scenario '),
          this.select,
          this.runButton,
          this.goButton,
        ),
        h('div', { class: 'group end' }, this.status),
      ),
      this.problems,
      this.results,
    );
  }

  /** The design's scenarios, validated against the system the simulator runs. */
  setModel(model: SimulatorModel, selected: string | undefined): void {
    this.model = model;
    const system = model.simulation as SimSystem | undefined;
    const { scenarios, errors } = system
      ? validateScenarios(model.scenarios, scenarioContextOf(system))
      : { scenarios: [], errors: [] };
    this.scenarios = scenarios;
    this.errors = errors;
    const names = scenarios.map((s) => s.name);
    const keep = [this.select.value, selected].find((n) => n && names.includes(n)) ?? names[0];
    clear(this.select);
    for (const n of names) this.select.append(h('option', { value: n }, n));
    if (keep) this.select.value = keep;
    attrs(this.select, { disabled: names.length === 0 });
    this.renderProblems();
    if (this.shownFrom && this.shownFrom !== this.fingerprint())
      text(this.status, 'The design changed since this run: run it again.');
    if (names.length === 0) {
      clear(this.results);
      this.results.append(
        h(
          'p',
          { class: 'scenario-empty muted' },
          model.scenarios === undefined ? 'This design has no ' : 'No scenario of this design can run: ',
          h('code', {}, 'scenarios:'),
          model.scenarios === undefined
            ? ' yet. A scenario gives a workload, partitions and crashes, and what should still hold (see docs/scenarios.md).'
            : ' fix the problems above.',
        ),
      );
    }
  }

  private current(): Scenario | undefined {
    return this.scenarios.find((s) => s.name === this.select.value);
  }

  private fingerprint(): string {
    return JSON.stringify([this.model?.simulation, this.model?.scenarios]);
  }

  private line(path: (string | number)[]): number | undefined {
    const lines = this.model?.scenarioLines ?? {};
    for (let i = path.length; i > 0; i--) {
      const l = lines[path.slice(0, i).join('/')];
      if (l !== undefined) return l;
    }
    return undefined;
  }

  private renderProblems(): void {
    const s = this.current();
    const line = s ? (this.line([...s.path, 'name']) ?? this.line(s.path)) : undefined;
    text(this.goButton, line !== undefined ? `line ${line}` : '');
    attrs(this.goButton, { hidden: line === undefined, 'aria-label': `Go to the scenario in the editor (line ${line})` });
    const own = this.errors.filter(
      (e) =>
        !s || String(e.path[0]) === String(s.path[0]) || this.scenarios.every((x) => String(x.path[0]) !== String(e.path[0])),
    );
    clear(this.problems);
    attrs(this.problems, { hidden: own.length === 0 });
    attrs(this.runButton, { disabled: !s || this.errors.some((e) => s && String(e.path[0]) === String(s.path[0])) });
    if (own.length === 0) return;
    this.problems.append(h('p', {}, 'Problems in scenarios (also in the Problems panel):'));
    const list = h('ul', {});
    for (const e of own.slice(0, 10)) list.append(h('li', {}, h('code', {}, `scenarios.${e.path.join('.')}`), `: ${e.message}`));
    this.problems.append(list);
  }

  /** Run the selected scenario in the worker and show what happened. */
  async run(): Promise<void> {
    const s = this.current();
    const system = this.model?.simulation as SimSystem | undefined;
    if (!s || !system) return;
    const id = ++this.runId;
    const from = this.fingerprint();
    attrs(this.runButton, { disabled: true });
    attrs(this.root, { 'aria-busy': 'true' });
    text(this.status, `Running ${s.name}…`);
    try {
      const outcome = await this.handlers.run(system, s);
      if (id !== this.runId) return;
      this.shownFrom = from;
      this.render(s, outcome);
      const failed = outcome.expectations.filter((e) => e.status === 'fail').length;
      const passed = outcome.expectations.filter((e) => e.status === 'pass').length;
      const summary = `${s.name}: ${outcome.history.length.toLocaleString('en-US')} operations, ${passed} of ${outcome.expectations.length} expectations passed${failed ? `, ${failed} failed` : ''} (seed ${outcome.report.seed}, ${duration(outcome.took)} ${this.handlers.runsIn() === 'worker' ? 'in the worker' : 'on the page: no worker could start'}).`;
      text(this.status, summary);
      this.handlers.announce(summary);
    } catch (e) {
      if (id !== this.runId) return;
      text(this.status, `The run failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (id === this.runId) {
        attrs(this.runButton, { disabled: false });
        attrs(this.root, { 'aria-busy': 'false' });
      }
    }
  }

  private render(scenario: Scenario, o: ScenarioOutcome): void {
    clear(this.results);
    const report = o.report;
    // Expectations.
    const list = h('ul', { class: 'expectations', 'aria-label': 'Expectations' });
    for (const e of o.expectations) {
      const line = this.line(e.path);
      const go =
        line !== undefined
          ? h(
              'button',
              { type: 'button', class: 'link-button', 'aria-label': `Go to this expectation on line ${line}` },
              `line ${line}`,
            )
          : '';
      if (go) go.addEventListener('click', () => this.handlers.reveal({ datastore: '', scenarioPath: e.path.join('/') }));
      const mark = e.status === 'pass' ? '✓' : e.status === 'fail' ? '✗' : '?';
      list.append(
        h(
          'li',
          { class: `expectation ${e.status}` },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, mark),
          h('span', { class: 'sr-only' }, `${e.status}: `),
          h('span', { class: 'expectation-message' }, e.message),
          go,
        ),
      );
    }
    if (o.expectations.length === 0)
      list.append(
        h(
          'li',
          { class: 'expectation none' },
          'This scenario states no expectations: add ',
          h('code', {}, 'expect:'),
          ' to have the run judged.',
        ),
      );

    // Datastores.
    const storeRows = report.stores
      .filter((st) => st.operations.total > 0)
      .map((st) => {
        const verdict = o.verdicts.find((v) => v.store === st.store);
        const lead = describeLeadership(st);
        const conv = st.convergence && st.convergence.length > 0 ? describeConvergence(st, report.endTime) : undefined;
        const unknown = st.writes.info > 0 ? `, ${st.writes.info} unknown` : '';
        return h(
          'tr',
          { 'data-store': st.store },
          h('th', { scope: 'row' }, h('code', {}, st.store)),
          h('td', {}, `${st.reads.ok}/${st.reads.total}`),
          h('td', {}, `${st.writes.ok}/${st.writes.total}${unknown}`),
          h('td', {}, percent(st.availability, 1)),
          h('td', { class: st.staleReads > 0 ? 'warn' : '' }, `${st.staleReads} (${percent(st.staleReadRate, 1)})`),
          h('td', { class: st.lostWrites > 0 ? 'bad' : '' }, String(st.lostWrites)),
          h('td', { class: 'num' }, `${milliseconds(st.latency.writes.p50, 0)} / ${milliseconds(st.latency.reads.p50, 0)}`),
          h('td', { class: 'story' }, [lead, conv].filter(Boolean).join('; ') || '—'),
          h('td', { class: verdict?.status === 'violated' ? 'bad' : '' }, verdict ? VERDICT_TEXT[verdict.status] : '—'),
        );
      });
    const stores = h(
      'table',
      { class: 'figures', 'aria-label': 'Datastores' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[
            'Datastore',
            'Reads ok',
            'Writes ok',
            'Available',
            'Stale reads',
            'Lost writes',
            'p50 write / read',
            'Leader · convergence',
            'Linearizable',
          ].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h('tbody', {}, ...storeRows),
    );

    // Components: each one's own requests.
    const componentRows = report.components.flatMap((c) =>
      c.stores.map((f) => {
        const need = o.needs.find((n) => n.component === c.component && n.datastore === f.store);
        const unknown = f.writes.info > 0 ? `, ${f.writes.info} unknown` : '';
        return h(
          'tr',
          { 'data-component': c.component, 'data-store': f.store },
          h('th', { scope: 'row' }, c.component),
          h('td', {}, c.regions.join(', ')),
          h('td', {}, h('code', {}, f.store)),
          h('td', {}, `${f.reads.ok}/${f.reads.total}`),
          h('td', {}, `${f.writes.ok}/${f.writes.total}${unknown}`),
          h('td', { class: f.availability < 0.999 ? 'warn' : '' }, percent(f.availability, 1)),
          h('td', { class: f.staleReads > 0 ? 'warn' : '' }, String(f.staleReads)),
          h(
            'td',
            { class: `need ${need?.status ?? ''}`, title: need?.reason ?? '' },
            need ? `${need.needs}: ${need.status === 'met' ? 'met' : need.status === 'unmet' ? 'not met' : 'not judged'}` : '—',
          ),
        );
      }),
    );
    const components =
      componentRows.length > 0
        ? h(
            'table',
            { class: 'figures', 'aria-label': 'Components' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Component', 'Regions', 'Datastore', 'Reads ok', 'Writes ok', 'Available', 'Stale reads', 'Needs'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h('tbody', {}, ...componentRows),
          )
        : h('p', { class: 'muted' }, "This run's clients stand for no design component.");

    const fates = fatesOf(o.history, report);
    const legend = h(
      'div',
      { class: 'legend-row', 'aria-hidden': 'true' },
      ...[
        ['ok', 'ok'],
        ['stale', 'stale read'],
        ['lost', 'lost write'],
        ['unknown', 'unknown outcome'],
        ['refused', 'refused / failed'],
      ].map(([c, l]) => h('span', { class: 'legend-item' }, h('span', { class: `legend-swatch tl-${c}` }), l)),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch tl-partition-swatch' }), 'partition'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch tl-no-leader-swatch' }), 'no leader'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-glyph election' }, '▲'), 'election started'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-glyph leader' }, '♛'), 'new leader'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-glyph' }, '▼'), 'stepped down'),
    );
    this.results.append(
      h('h2', { class: 'section-title' }, `Expectations of “${scenario.name}”`),
      list,
      h('h2', { class: 'section-title' }, 'Timeline'),
      h('div', { class: 'timeline-box' }, drawTimeline(o.history, report, fates)),
      legend,
      h('h2', { class: 'section-title' }, 'By component (its own requests)'),
      components,
      h('h2', { class: 'section-title' }, 'Datastores'),
      stores,
    );
    // Concurrent versions are a leaderless store's story: shown when one ran.
    if (report.stores.some((st) => st.family === 'leaderless' && st.operations.total > 0))
      this.results.append(conflictsView(o.conflicts));
  }
}

const VERDICT_TEXT = {
  linearizable: 'yes',
  violated: 'violated',
  inconclusive: 'undecided',
  'not-a-register': 'n/a (CRDT)',
  'no-operations': '—',
} as const;
