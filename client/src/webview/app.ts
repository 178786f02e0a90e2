// The simulator webview: receives the design's model, runs the selected datastore's simulation in the page
// (the core is deterministic and seeded), and wires the controls, the drawing, the results and the staleness tab.

import {
  toExtension,
  toWebview,
  validate,
  type DatastoreModel,
  type RevealTarget,
  type SimulatorModel,
  type ToExtension,
} from '../simulator/protocol';
import { attrs, clear, h, text } from './dom';
import { milliseconds, percent } from './core';
import { icon, type IconName } from './icons';
import { OpsLog, ResultsView } from './results-view';
import { Session, VERDICT_BUDGET, type LoggedAction, type OpStatus, type OpView, type UserAction } from './session';
import { ScenarioView } from './scenario-view';
import { StalenessView } from './staleness-view';
import { SimWorker } from './worker-client';
import type { Direction } from './layout';
import { TopologyView, type NodeClickMode } from './topology-view';

/** What `acquireVsCodeApi()` returns; the state is ours to shape. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type Tab = 'simulate' | 'scenarios' | 'staleness';
const TABS: Tab[] = ['simulate', 'scenarios', 'staleness'];

/** Saved with setState: the user's settings and, to rebuild the run exactly, the seed and the actions taken. */
interface SavedState {
  v: 1;
  /** The design's URI: the extension reopens the panel on it after a window reload. */
  uri?: string;
  datastore?: string;
  tab: Tab;
  speed: number;
  mode: NodeClickMode;
  seed: number;
  /** The scenario picked in the Scenarios tab. */
  scenario?: string;
  /** Jump over stretches where no message is in flight. */
  skipIdle: boolean;
  run?: { fingerprint: string; actions: LoggedAction[]; now: number };
}

/** Simulated ms per wall-clock second. */
export const SPEEDS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
/** Results are recomputed at most this often while playing (wall ms); the drawing updates every frame. */
const RESULTS_EVERY_MS = 150;
const VERDICT_EVERY_MS = 1500;

export class App {
  private model: SimulatorModel | undefined;
  private store: DatastoreModel | undefined;
  /** The datastore asked for in full (a focused model described another); chosen when its model comes. */
  private pending: string | undefined;
  private session: Session | undefined;
  private state: SavedState;
  private playing = false;
  private lastWall = 0;
  private lastResults = -Infinity;
  /** Wall ms the last results refresh took: long histories refresh less often, so playing stays smooth. */
  private resultsCost = 0;
  private lastVerdict = -Infinity;
  private lastSaved = 0;
  private announced = new Set<number>();
  private dirty = true;
  /** What the current run was started from (see `fingerprintOf`). */
  private runFingerprint = '';
  /** Two regions side by side, or stacked when the panel is narrow (a drawing scaled down to fit gets unreadable). */
  private direction: Direction = 'row';

  private readonly topology: TopologyView;
  private readonly results: ResultsView;
  private readonly opsLog: OpsLog;
  private readonly staleness: StalenessView;
  private readonly scenarios: ScenarioView;
  /** Linearizability checks and scenario runs happen here, off the UI thread. */
  private readonly worker = new SimWorker();
  private verdictInFlight = false;
  private readonly el: ReturnType<App['buildShell']>;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly root: HTMLElement,
  ) {
    this.state = readState(vscode.getState());
    this.topology = new TopologyView({
      toggleLink: (a, b) => this.toggleLink(a, b),
      activateNode: (id, kind) => this.activateNode(id, kind),
    });
    this.results = new ResultsView((target) => this.reveal(target));
    this.opsLog = new OpsLog();
    this.staleness = new StalenessView();
    this.scenarios = new ScenarioView({
      reveal: (target) => this.reveal(target),
      run: (system, scenario) => this.worker.scenario(system, scenario),
      announce: (message) => this.announce(message),
      selected: (name) => {
        this.state.scenario = name;
        this.save(true);
      },
      runsIn: () => this.worker.mode,
    });
    this.el = this.buildShell();
    window.addEventListener('message', (e) => this.receive(e.data));
    document.addEventListener('keydown', (e) => this.shortcut(e));
    window.addEventListener('error', (e) => this.post({ type: 'error', payload: { message: String(e.message) } }));
    this.post({ type: 'ready', payload: {} });
    requestAnimationFrame((t) => this.frame(t));
  }

  // ----- the page ---------------------------------------------------------------------------------------------

  private buildShell() {
    const button = (label: string, aria: string, cls = '', onClick?: () => void, keys?: string, glyph?: IconName) => {
      // aria-keyshortcuts names keys as KeyboardEvent.key does, except "+", which it spells "Plus".
      const shown = keys === 'Plus' ? '+' : keys === 'ArrowRight' ? '→' : keys;
      const b = h(
        'button',
        { type: 'button', class: cls, 'aria-label': aria, title: keys ? `${aria} (${shown})` : aria, 'aria-keyshortcuts': keys },
        glyph ? icon(glyph) : '',
        h('span', { class: 'label' }, label),
      );
      if (onClick) b.addEventListener('click', onClick);
      return b;
    };
    const storeSelect = h('select', { id: 'datastore', class: 'store-select', 'aria-label': 'Datastore to simulate' });
    storeSelect.addEventListener('change', () => this.selectStore(storeSelect.value));
    const title = h('h1', { class: 'store-name' }, '');
    const designName = h('h1', { class: 'design-name' }, '');
    const summary = h('div', { class: 'summary' });

    const tabSim = h(
      'button',
      { role: 'tab', id: 'tab-simulate', 'aria-controls': 'panel-simulate', type: 'button' },
      'Simulate',
    );
    const tabScenarios = h(
      'button',
      { role: 'tab', id: 'tab-scenarios', 'aria-controls': 'panel-scenarios', type: 'button' },
      'Scenarios',
    );
    const tabStale = h(
      'button',
      { role: 'tab', id: 'tab-staleness', 'aria-controls': 'panel-staleness', type: 'button' },
      'Staleness',
    );
    const tablist = h('div', { role: 'tablist', 'aria-label': 'Simulator views', class: 'tabs' }, tabSim, tabScenarios, tabStale);
    const tabEls: Record<Tab, HTMLButtonElement> = { simulate: tabSim, scenarios: tabScenarios, staleness: tabStale };
    for (const tab of TABS) tabEls[tab].addEventListener('click', () => this.selectTab(tab, true));
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
      e.preventDefault();
      e.stopPropagation();
      const i = TABS.indexOf(this.state.tab);
      const next: Tab =
        e.key === 'Home'
          ? TABS[0]
          : e.key === 'End'
            ? TABS[TABS.length - 1]
            : TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
      this.selectTab(next, true);
      tabEls[next].focus();
    });

    const play = button('Play', 'Play', 'primary play', () => this.setPlaying(!this.playing), 'Space', 'play');
    const step = button('Step', 'Step to the next message', '', () => this.step(), 'ArrowRight', 'step');
    const slower = button('−', 'Slower', 'icon', () => this.changeSpeed(-1), '-');
    const faster = button('+', 'Faster', 'icon', () => this.changeSpeed(1), 'Plus');
    const speed = h('output', { class: 'speed', 'aria-live': 'off', title: 'Simulated time per wall-clock second' }, '');
    const skip = button('', 'Fast-forward', '', () => this.fastForward(), 'F', 'forward');
    const reset = button('Reset', 'Reset the run (same seed)', '', () => this.reset(), undefined, 'reset');
    const skipIdle = button(
      'Skip idle',
      'Skip idle: jump over stretches with no message in flight while playing',
      'toggle',
      () => {
        this.state.skipIdle = !this.state.skipIdle;
        this.renderControls();
        this.save(true);
      },
    );

    const clientSelect = h('select', { 'aria-label': 'Client for single operations' });
    const write = button('Write', 'Write from the selected client', '', () => this.invoke('write'));
    const read = button('Read', 'Read from the selected client', '', () => this.invoke('read'));
    const workload = button('Steady workload', 'Steady workload', 'toggle', () => this.toggleWorkload());

    const modeCrash = h('input', { type: 'radio', name: 'mode', value: 'crash', id: 'mode-crash' });
    const modeIsolate = h('input', { type: 'radio', name: 'mode', value: 'isolate', id: 'mode-isolate' });
    for (const r of [modeCrash, modeIsolate]) r.addEventListener('change', () => this.setMode(r.value as NodeClickMode));
    const mode = h(
      'fieldset',
      { class: 'mode' },
      h('legend', {}, 'Clicking a replica'),
      h('label', { for: 'mode-crash' }, modeCrash, 'crashes / restarts it'),
      h('label', { for: 'mode-isolate' }, modeIsolate, 'isolates / heals it'),
    );
    const clearFaults = button(
      'Clear faults',
      'Clear faults: heal every partition and restart every crashed replica',
      '',
      () => this.clearFaults(),
      undefined,
      'heal',
    );
    const clock = h('output', { class: 'clock', 'aria-label': 'Simulated time' }, 't = 0 ms');
    const seed = h('input', {
      type: 'number',
      class: 'seed',
      min: 1,
      step: 1,
      'aria-label': 'Seed',
      title: 'Seed: the same seed and actions give the same run',
    });
    seed.addEventListener('change', () => {
      const v = Math.max(1, Math.floor(Number(seed.value) || 1));
      this.state.seed = v;
      this.reset();
    });

    const toolbar = h(
      'div',
      { class: 'toolbars' },
      h(
        'div',
        { class: 'toolbar' },
        h(
          'div',
          { class: 'group', role: 'group', 'aria-label': 'Time' },
          play,
          step,
          skip,
          h('span', { class: 'speed-box' }, slower, speed, faster),
          skipIdle,
          reset,
        ),
        h('div', { class: 'group', role: 'group', 'aria-label': 'Operations' }, clientSelect, write, read, workload),
        h('div', { class: 'group end' }, clock),
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'group', role: 'group', 'aria-label': 'Faults' }, mode, clearFaults),
        h('div', { class: 'group end' }, h('label', { class: 'seed-label' }, 'seed ', seed)),
      ),
    );
    const hint = h(
      'p',
      { class: 'hint' },
      'Click a link between regions to cut or heal it; click a replica to crash or restart it (or isolate it); click a client to isolate it. Keys: Space play/pause · → step · + / − speed · F fast-forward.',
    );
    const legend = h(
      'div',
      { class: 'legend-row', 'aria-hidden': 'true' },
      ...[
        ['leg-write', 'write / replicate'],
        ['leg-ack', 'ack'],
        ['leg-read', 'read'],
        ['leg-response', 'response'],
      ].map(([c, l]) => h('span', { class: 'legend-item' }, h('span', { class: `legend-dot ${c}` }), l)),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-crown' }, '♛'), 'leader'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-drop' }, '✕'), 'dropped'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch stale' }), 'stale read'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch refused' }), 'refused / timed out'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch lost' }), 'lost write'),
    );
    const canvas = h('div', { class: 'canvas' }, this.topology.svg);
    const stage = h('div', { class: 'stage' }, canvas, this.opsLog.root);
    new ResizeObserver(([entry]) => {
      const direction: Direction = entry.contentRect.width < 620 ? 'column' : 'row';
      if (direction === this.direction) return;
      this.direction = direction;
      if (this.session) {
        this.topology.build(this.session, direction);
        this.topology.setMode(this.state.mode);
      }
    }).observe(canvas);
    const panelSim = h(
      'section',
      { role: 'tabpanel', id: 'panel-simulate', 'aria-labelledby': 'tab-simulate', class: 'panel' },
      toolbar,
      hint,
      stage,
      legend,
      this.results.root,
    );
    const panelScenarios = h(
      'section',
      { role: 'tabpanel', id: 'panel-scenarios', 'aria-labelledby': 'tab-scenarios', class: 'panel', hidden: true },
      this.scenarios.root,
    );
    const panelStale = h(
      'section',
      { role: 'tabpanel', id: 'panel-staleness', 'aria-labelledby': 'tab-staleness', class: 'panel', hidden: true },
      this.staleness.root,
    );
    const notice = h('div', { class: 'notice', role: 'status', hidden: true });
    const empty = h('div', { class: 'empty', hidden: true });
    const live = h('div', { class: 'sr-only', 'aria-live': 'polite', id: 'announcer' });
    const header = h(
      'header',
      { class: 'header' },
      h('div', { class: 'title-row' }, title, designName, storeSelect, tablist),
      summary,
    );
    const main = h('main', { class: 'main' }, header, notice, empty, panelSim, panelScenarios, panelStale, live);

    clear(this.root);
    this.root.append(main);
    attrs(this.root, { 'aria-busy': 'false' });
    return {
      storeSelect,
      title,
      designName,
      summary,
      tabSim,
      tabScenarios,
      tabStale,
      panelSim,
      panelScenarios,
      panelStale,
      play,
      step,
      skip,
      skipIdle,
      speed,
      slower,
      faster,
      clientSelect,
      write,
      read,
      workload,
      modeCrash,
      modeIsolate,
      clock,
      seed,
      notice,
      empty,
      live,
      main,
    };
  }

  // ----- messages ---------------------------------------------------------------------------------------------

  private receive(data: unknown): void {
    const message = validate(toWebview, data);
    if (!message.ok) {
      // Not ours, or a bug on the other side: never act on it.
      console.warn(`CAP Lens simulator: ignored a message: ${message.error}`);
      return;
    }
    const m = message.value;
    if (m.type === 'model') this.setModel(m.payload.model, m.payload.focus);
    else if (m.type === 'focus') this.selectStore(m.payload.datastore);
  }

  private post(message: ToExtension): void {
    const checked = validate(toExtension, message);
    if (!checked.ok) throw new Error(`refusing to post a malformed message: ${checked.error}`);
    this.vscode.postMessage(message);
  }

  private reveal(target: RevealTarget): void {
    this.post({ type: 'reveal', payload: target });
  }

  // ----- model and datastore ----------------------------------------------------------------------------------

  private setModel(model: SimulatorModel, focus: string | undefined): void {
    this.model = model;
    this.state.uri = model.uri;
    const names = model.names;
    const chosen =
      [focus, this.pending, this.store?.name, this.state.datastore].find((n) => n !== undefined && names.includes(n)) ?? names[0];
    const select = this.el.storeSelect;
    clear(select);
    for (const n of names) select.append(h('option', { value: n }, n));
    // With several datastores the selector is the title; with one, a plain heading.
    attrs(select, { hidden: names.length < 2 });
    attrs(this.el.title, { hidden: names.length >= 2 });
    const notices = [model.notice, ...model.skipped.map((s) => `${s.name} cannot be simulated: ${s.reason}.`)].filter(
      Boolean,
    ) as string[];
    this.showNotice(notices.join(' '));
    this.scenarios.setModel(model, this.state.scenario);
    text(this.el.designName, model.system ?? model.fileName);
    if (chosen === undefined) {
      this.store = undefined;
      this.session = undefined;
      this.setPlaying(false);
      text(this.el.title, model.system ?? model.fileName);
      attrs(this.el.title, { hidden: false });
      clear(this.el.summary);
      this.el.empty.replaceChildren(
        `${model.fileName} declares no datastore that can be simulated yet. Give a datastore `,
        h('code', {}, 'replicas:'),
        ', a ',
        h('code', {}, 'replication:'),
        ' family and its quorums.',
      );
      attrs(this.el.empty, { hidden: false });
      attrs(this.el.panelSim, { hidden: true });
      attrs(this.el.panelStale, { hidden: true });
      attrs(this.el.panelScenarios, { hidden: true });
      this.save(true);
      return;
    }
    attrs(this.el.empty, { hidden: true });
    const store = model.datastores.find((d) => d.name === chosen);
    if (store) {
      this.pending = undefined;
      this.useStore(store);
    } else if (chosen !== this.pending) this.request(chosen);
    else {
      // Asked for already and still not described (the YAML is broken): show what the model has, ask no more.
      this.pending = undefined;
      const shown = model.datastores.find((d) => d.name === this.store?.name) ?? model.datastores[0];
      if (shown) this.useStore(shown);
    }
  }

  private selectStore(name: string): void {
    if (name === this.store?.name || !this.model?.names.includes(name)) return;
    const store = this.model.datastores.find((d) => d.name === name);
    if (store) this.useStore(store);
    else this.request(name);
  }

  /** A focused model describes one datastore: ask for `name` in full; the current view stays until it comes. */
  private request(name: string): void {
    this.pending = name;
    this.el.storeSelect.value = name;
    this.post({ type: 'select', payload: { datastore: name } });
  }

  /** Switch to (or refresh) a datastore; the run continues when only claims or line numbers changed. */
  private useStore(store: DatastoreModel): void {
    const fingerprint = fingerprintOf(store, this.model);
    const sameRun = this.session && this.store && this.store.name === store.name && this.runFingerprint === fingerprint;
    this.runFingerprint = fingerprint;
    this.store = store;
    this.state.datastore = store.name;
    this.el.storeSelect.value = store.name;
    this.renderHeader(store);
    if (!sameRun) {
      const saved = this.state.run;
      if (!this.session && saved && saved.fingerprint === fingerprint) {
        // The panel was hidden and shown again: rebuild the same run by replaying what the user did.
        const { session, skipped } = Session.replay(store, this.state.seed, saved.actions, saved.now, this.model?.simulation);
        this.startSession(session);
        if (skipped > 0) this.announce(`${skipped} earlier action(s) no longer apply and were skipped.`);
      } else {
        // Another datastore has another latency scale: start it at its own natural speed.
        if (this.session && this.session.store.name !== store.name) this.state.speed = 0;
        if (this.session)
          this.announce(
            `${store.name}: ${this.session.store.name === store.name ? 'settings changed, the run restarted' : 'new run'}.`,
          );
        this.startSession(new Session(store, this.state.seed, this.model?.simulation));
      }
    }
    this.selectTab(this.state.tab, false);
    this.dirty = true;
    this.save(true);
  }

  private startSession(session: Session): void {
    this.session = session;
    this.announced = new Set(
      session
        .view()
        .ops.filter((o) => o.status !== 'pending')
        .map((o) => o.op.id),
    );
    this.lastVerdict = -Infinity;
    this.topology.build(session, this.direction);
    this.topology.setMode(this.state.mode);
    if (!this.state.speed || !SPEEDS.includes(this.state.speed)) this.state.speed = nearestSpeed(session.naturalSpeed);
    const clients = this.el.clientSelect;
    clear(clients);
    for (const c of session.clients) clients.append(h('option', { value: c.name }, c.name));
    attrs(this.el.workload, {
      title: `About ${Math.round(session.rate)} operations per second across ${session.clients.length} client(s); press to stop or resume`,
    });
    this.renderControls();
  }

  private renderHeader(store: DatastoreModel): void {
    text(this.el.title, store.name);
    const chips: [string, string][] = [
      [store.family, 'Replication family'],
      [`N=${store.n} R=${store.r} W=${store.w}`, 'Replicas, read quorum, write quorum'],
      [
        store.family === 'leaderless' ? (store.r + store.w > store.n ? 'R+W > N' : 'R+W ≤ N') : `reads from ${store.readFrom}`,
        'Quorum overlap or read source',
      ],
      [
        store.placement.length > 0
          ? store.placement.map((p) => `${p.region}: ${p.count}`).join(', ')
          : 'one region (no placement)',
        'Placement',
      ],
      [store.latencyLabel, 'Latency model'],
    ];
    const d = store.derived;
    clear(this.el.summary);
    for (const [label, title] of chips) this.el.summary.append(h('span', { class: 'chip', title }, label));
    const gives = h(
      'span',
      { class: 'gives', title: `${d.consistencyReason}\nWrites need ${d.writesNeed}; reads need ${d.readsNeed}.` },
      `gives ${d.consistency} · ${d.cap === 'neither' ? 'neither CP nor AP' : d.cap} · ${d.pacelc}`,
    );
    if (d.staleReadProbability !== undefined && d.staleReadProbability > 0)
      gives.append(` · P(stale read right after a write) = ${percent(d.staleReadProbability, 1)}`);
    else if (d.staleReadProbability === undefined)
      gives.append(
        h(
          'span',
          { title: d.staleReadSummary },
          ` · stale read right after a write: ${d.staleReadSummary.length > 90 ? `${d.staleReadSummary.slice(0, 89)}…` : d.staleReadSummary}`,
        ),
      );
    const go = h(
      'button',
      { type: 'button', class: 'link-button', 'aria-label': `Go to ${store.name} in the editor (line ${store.range.line})` },
      `line ${store.range.line}`,
    );
    go.addEventListener('click', () => this.reveal({ datastore: store.name }));
    this.el.summary.append(gives, go);
  }

  private selectTab(tab: Tab, user: boolean): void {
    this.state.tab = tab;
    const tabs = {
      simulate: [this.el.tabSim, this.el.panelSim],
      scenarios: [this.el.tabScenarios, this.el.panelScenarios],
      staleness: [this.el.tabStale, this.el.panelStale],
    } as const;
    for (const t of TABS) {
      const [button, panel] = tabs[t];
      const on = t === tab;
      attrs(button, { 'aria-selected': on ? 'true' : 'false', tabindex: on ? 0 : -1, class: on ? 'tab selected' : 'tab' });
      attrs(panel, { hidden: !on || !this.store });
    }
    if (tab !== 'simulate' && this.playing) this.setPlaying(false);
    // Scenarios run the whole design: the datastore picker and its summary do not apply there.
    attrs(this.el.main, { class: tab === 'scenarios' ? 'main whole-design' : 'main' });
    if (tab === 'staleness' && this.store) this.staleness.render(this.store);
    if (user) this.save(true);
  }

  // ----- controls ---------------------------------------------------------------------------------------------

  private setPlaying(on: boolean): void {
    if (on && (!this.session || this.session.full)) {
      if (this.session?.full) this.announce('This run has reached its operation limit: Reset to start again.');
      on = false;
    }
    this.playing = on;
    this.lastWall = performance.now();
    this.renderControls();
    if (!on) {
      this.dirty = true;
      this.lastVerdict = -Infinity;
      this.save(true);
    }
  }

  private renderControls(): void {
    const play = this.el.play;
    if (play.dataset.playing !== String(this.playing)) {
      play.dataset.playing = String(this.playing);
      play.replaceChildren(icon(this.playing ? 'pause' : 'play'), h('span', { class: 'label' }, this.playing ? 'Pause' : 'Play'));
    }
    attrs(play, { 'aria-label': this.playing ? 'Pause' : 'Play', 'aria-pressed': this.playing ? 'true' : 'false' });
    const speed = this.state.speed;
    text(this.el.speed, `${speed < 1 ? speed : speed.toLocaleString('en-US')} ms/s`);
    attrs(this.el.slower, { disabled: speed <= SPEEDS[0] });
    attrs(this.el.faster, { disabled: speed >= SPEEDS[SPEEDS.length - 1] });
    const session = this.session;
    if (session) {
      const chunk = this.fastForwardChunk(session);
      text(this.el.skip.querySelector('.label')!, milliseconds(chunk, 0));
      attrs(this.el.skip, {
        'aria-label': `Fast-forward ${milliseconds(chunk, 0)} of simulated time`,
        title: `Fast-forward ${milliseconds(chunk, 0)} of simulated time (F)`,
      });
      attrs(this.el.workload, { 'aria-pressed': session.workload ? 'true' : 'false' });
    }
    attrs(this.el.skipIdle, { 'aria-pressed': this.state.skipIdle ? 'true' : 'false' });
    this.el.modeCrash.checked = this.state.mode === 'crash';
    this.el.modeIsolate.checked = this.state.mode === 'isolate';
    this.el.seed.value = String(this.state.seed);
  }

  private changeSpeed(delta: number): void {
    const i = SPEEDS.indexOf(this.state.speed);
    const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? 4 : i) + delta))];
    this.state.speed = next;
    this.renderControls();
    this.announce(`Speed ${next} simulated ms per second.`);
    this.save(true);
  }

  /** Time for about 200 operations: enough to see the figures move, short enough to stay instant. */
  private fastForwardChunk(session: Session): number {
    const raw = (200 / session.rate) * 1000;
    const p = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 5, 10].map((f) => f * p).find((v) => v >= raw) ?? raw;
  }

  private step(): void {
    const session = this.session;
    if (!session) return;
    if (this.playing) this.setPlaying(false);
    const info = session.step();
    this.dirty = true;
    this.lastVerdict = -Infinity;
    if (!info) this.announce('Nothing left to happen.');
    else if (info.message) {
      const m = info.message;
      this.announce(
        `${milliseconds(info.time, 0)}: ${m.kind} ${info.kind === 'dropped' ? 'dropped' : 'delivered'}, ${m.from} → ${m.to}.`,
      );
    }
    this.save(true);
  }

  private fastForward(): void {
    const session = this.session;
    if (!session || session.full) return;
    session.advance(this.fastForwardChunk(session));
    this.dirty = true;
    this.lastVerdict = -Infinity;
    this.save(true);
  }

  private reset(): void {
    if (!this.store) return;
    this.setPlaying(false);
    this.state.run = undefined;
    this.startSession(new Session(this.store, this.state.seed, this.model?.simulation));
    this.dirty = true;
    this.announce(`Reset ${this.store.name} (seed ${this.state.seed}).`);
    this.save(true);
  }

  private setMode(mode: NodeClickMode): void {
    this.state.mode = mode;
    this.topology.setMode(mode);
    this.save(true);
  }

  private act(action: UserAction, done: string): void {
    const session = this.session;
    if (!session) return;
    if (session.apply(action)) this.announce(`${milliseconds(session.now, 0)}: ${done}.`);
    this.dirty = true;
    this.save(true);
  }

  private toggleLink(a: string, b: string): void {
    if (!this.session) return;
    if (this.session.isLinkCut(a, b)) this.act({ kind: 'heal', a, b }, `healed the link between ${a} and ${b}`);
    else this.act({ kind: 'cut', a, b }, `cut the link between ${a} and ${b}`);
  }

  private activateNode(id: string, kind: 'replica' | 'client'): void {
    const session = this.session;
    if (!session) return;
    if (kind === 'client' || this.state.mode === 'isolate') {
      if (session.isIsolated(id)) this.act({ kind: 'heal', a: id }, `healed ${id}'s links`);
      else this.act({ kind: 'isolate', target: id }, `isolated ${id}`);
      return;
    }
    const up = session.nodes().find((n) => n.id === id)?.up ?? true;
    if (up) this.act({ kind: 'crash', node: id }, `crashed ${id}`);
    else this.act({ kind: 'restart', node: id }, `restarted ${id}`);
  }

  private clearFaults(): void {
    const session = this.session;
    if (!session) return;
    if (session.partitions > 0) session.apply({ kind: 'heal-all' });
    for (const n of session.nodes()) if (!n.up) session.apply({ kind: 'restart', node: n.id });
    this.announce('Healed every partition and restarted every replica.');
    this.dirty = true;
    this.save(true);
  }

  private invoke(f: 'read' | 'write'): void {
    const client = this.el.clientSelect.value;
    if (client) this.act({ kind: 'invoke', client, f }, `${client} started a ${f}`);
  }

  private toggleWorkload(): void {
    const session = this.session;
    if (!session) return;
    this.act(
      { kind: 'workload', on: !session.workload },
      session.workload ? 'stopped the steady workload' : 'started the steady workload',
    );
    this.renderControls();
  }

  private shortcut(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || !this.session || this.state.tab !== 'simulate') return;
    const target = e.target as HTMLElement | null;
    const tag = target?.tagName ?? '';
    // Keys typed into a field, or Space/Enter on something focusable, belong to that element.
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    const onControl = tag === 'BUTTON' || target?.getAttribute('role') === 'button' || target?.getAttribute('role') === 'tab';
    switch (e.key) {
      case ' ':
        if (onControl) return;
        this.setPlaying(!this.playing);
        break;
      case 'ArrowRight':
        if (target?.getAttribute('role') === 'tab') return;
        this.step();
        break;
      case '+':
      case '=':
        this.changeSpeed(1);
        break;
      case '-':
      case '_':
        this.changeSpeed(-1);
        break;
      case 'f':
      case 'F':
        this.fastForward();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  // ----- the loop ---------------------------------------------------------------------------------------------

  private frame(wall: number): void {
    requestAnimationFrame((t) => this.frame(t));
    const session = this.session;
    if (!session || this.state.tab !== 'simulate') return;
    if (this.playing) {
      const dt = Math.min(100, wall - this.lastWall);
      this.lastWall = wall;
      session.advance((dt / 1000) * this.state.speed);
      if (this.state.skipIdle) session.skipIdle();
      if (session.full) {
        this.setPlaying(false);
        this.announce(`Paused: the run reached its limit of operations. Reset to start again.`);
      }
    }
    text(this.el.clock, `t = ${milliseconds(session.now, 0)}`);
    this.topology.update(session, wall);
    if (this.dirty || (this.playing && wall - this.lastResults >= Math.max(RESULTS_EVERY_MS, 6 * this.resultsCost))) {
      const started = performance.now();
      this.refreshResults(session, wall);
      this.resultsCost = performance.now() - started;
    }
    if (this.playing && wall - this.lastSaved > 1000) this.save(true);
  }

  private refreshResults(session: Session, wall: number): void {
    this.dirty = false;
    this.lastResults = wall;
    const view = session.view();
    const completed: OpView[] = [];
    for (let i = view.ops.length - 1; i >= 0 && completed.length < 64; i--) {
      const o = view.ops[i];
      if (o.status === 'pending' || this.announced.has(o.op.id)) continue;
      this.announced.add(o.op.id);
      completed.push(o);
    }
    // One badge per client: the newest of what finished since the last refresh.
    const newest = new Map<string, OpView>();
    for (const o of completed) if (o.op.client !== undefined && !newest.has(o.op.client)) newest.set(o.op.client, o);
    this.topology.showCompleted([...newest.values()], wall);
    this.opsLog.update(view.ops);
    const verdict = session.lastVerdict;
    const due = !this.playing || wall - this.lastVerdict >= VERDICT_EVERY_MS;
    if (due && view.results.operations > 0 && !this.verdictInFlight) this.requestVerdict(session, wall);
    this.results.update(view.results, verdict, this.verdictInFlight || this.playing);
    // The latest model, not the session's: an edit that moved the claims keeps the run but not the old lines.
    const store = this.store ?? session.store;
    this.results.updateClaims(store, view.results, verdict);
    this.results.updateCounterexample(store, verdict);
    const bad = completed.filter((o) => o.status === 'stale' || o.status === 'lost');
    if (bad.length > 0 && !this.playing) this.announce(`${bad.length} ${describeStatus(bad[0].status)} operation(s).`);
  }

  /** Ask the worker whether the run so far is linearizable; the answer redraws the results when it comes. */
  private requestVerdict(session: Session, wall: number): void {
    const request = session.verdictRequest();
    if (!request) return;
    this.verdictInFlight = true;
    this.lastVerdict = wall;
    this.worker
      .linearizability(request.ops, VERDICT_BUDGET)
      .then((result) => {
        session.acceptVerdict(request.count, result);
        if (this.session === session) this.dirty = true;
      })
      .catch((e: unknown) =>
        this.post({
          type: 'error',
          payload: { message: `linearizability check: ${e instanceof Error ? e.message : String(e)}` },
        }),
      )
      .finally(() => {
        this.verdictInFlight = false;
        // Paused: the figures are final for now, so check again at once if the history grew meanwhile.
        if (!this.playing && this.session === session) this.dirty = true;
      });
  }

  // ----- state ------------------------------------------------------------------------------------------------

  private save(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastSaved < 1000) return;
    this.lastSaved = now;
    if (this.session && this.store)
      this.state.run = {
        fingerprint: fingerprintOf(this.store, this.model),
        actions: [...this.session.actions],
        now: this.session.now,
      };
    this.vscode.setState(this.state);
  }

  private announce(message: string): void {
    // Re-setting the same text would not be announced again; clear first.
    this.el.live.textContent = '';
    requestAnimationFrame(() => (this.el.live.textContent = message));
  }

  private showNotice(message: string): void {
    this.el.notice.textContent = message;
    attrs(this.el.notice, { hidden: message.length === 0 });
  }
}

function describeStatus(s: OpStatus): string {
  return s === 'stale' ? 'stale read' : s === 'lost' ? 'lost write' : s;
}

/** The settings a simulation depends on: when they change, the run starts over. */
function fingerprintOf(store: DatastoreModel, model: SimulatorModel | undefined): string {
  // What the simulator runs for this datastore (its engine clocks included) and which components stand as clients.
  const sim = model?.simulation;
  const users = sim?.components.filter((c) => c.uses.includes(store.name)).map((c) => [c.name, c.regions]);
  return JSON.stringify([
    store.name,
    store.family,
    store.n,
    store.r,
    store.w,
    store.readFrom,
    store.conflicts,
    store.readRepair,
    store.placement,
    store.latency,
    sim?.stores.find((x) => x.name === store.name),
    users,
    sim?.regions,
  ]);
}

function nearestSpeed(target: number): number {
  let best = SPEEDS[0];
  for (const s of SPEEDS) if (Math.abs(Math.log(s / target)) < Math.abs(Math.log(best / target))) best = s;
  return best;
}

/** Saved state comes from an older version of the webview, or nowhere: take what is valid, default the rest. */
function readState(raw: unknown): SavedState {
  const base: SavedState = { v: 1, tab: 'simulate', speed: 0, mode: 'crash', seed: 1, skipIdle: true };
  if (typeof raw !== 'object' || raw === null || (raw as { v?: unknown }).v !== 1) return base;
  const r = raw as Partial<SavedState>;
  return {
    v: 1,
    uri: typeof r.uri === 'string' ? r.uri : undefined,
    datastore: typeof r.datastore === 'string' ? r.datastore : undefined,
    tab: r.tab === 'staleness' || r.tab === 'scenarios' ? r.tab : 'simulate',
    scenario: typeof r.scenario === 'string' ? r.scenario : undefined,
    speed: typeof r.speed === 'number' && SPEEDS.includes(r.speed) ? r.speed : 0,
    mode: r.mode === 'isolate' ? 'isolate' : 'crash',
    seed: typeof r.seed === 'number' && Number.isInteger(r.seed) && r.seed >= 1 ? r.seed : 1,
    skipIdle: r.skipIdle !== false,
    run:
      r.run && typeof r.run.fingerprint === 'string' && Array.isArray(r.run.actions) && typeof r.run.now === 'number'
        ? r.run
        : undefined,
  };
}
