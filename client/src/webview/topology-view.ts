// The topology drawing: region boxes, the links between them (click to cut or heal), replicas (click to crash or
// restart, or to isolate), clients, and the messages in flight as moving dots. SVG elements are created once
// per layout and then only updated, so a frame costs attribute writes, not DOM churn.

import type { InFlightMessage, NodeState } from './core';
import { attrs, s, text } from './dom';
import { CLIENT_SIZE, layoutTopology, NODE_RADIUS, type Direction, type Layout, type Point } from './layout';
import type { OpView, Session } from './session';

export type NodeClickMode = 'crash' | 'isolate';

export interface TopologyHandlers {
  toggleLink(a: string, b: string): void;
  /** A replica or a client was activated (click, Enter or Space). */
  activateNode(id: string, kind: 'replica' | 'client'): void;
}

interface NodeElements {
  g: SVGGElement;
  body: SVGCircleElement;
  value: SVGTextElement;
  label: SVGTextElement;
  sub: SVGTextElement;
  tip: SVGTitleElement;
  crown: SVGPathElement;
  cross: SVGPathElement;
  cutRing: SVGCircleElement;
}

interface ClientElements {
  g: SVGGElement;
  body: SVGRectElement;
  badge: SVGGElement;
  badgeBox: SVGRectElement;
  badgeText: SVGTextElement;
  cutRing: SVGRectElement;
}

interface Effect {
  el: SVGElement;
  until: number;
}

/** How long (wall ms) a finished operation's badge and a dropped message's cross stay up. */
const BADGE_MS = 1600;
const DROP_MS = 900;

const CROWN = 'M -9 3 L -10 -6 L -4.5 -1.5 L 0 -8 L 4.5 -1.5 L 10 -6 L 9 3 Z';
const CROSS = 'M -7 -7 L 7 7 M 7 -7 L -7 7';
const SMALL_CROSS = 'M -4.5 -4.5 L 4.5 4.5 M 4.5 -4.5 L -4.5 4.5';

export class TopologyView {
  readonly svg: SVGSVGElement;
  private layout!: Layout;
  private readonly linkGroups = new Map<string, SVGGElement>();
  private readonly nodes = new Map<string, NodeElements>();
  private readonly clients = new Map<string, ClientElements>();
  private readonly dots = new Map<number, { el: SVGCircleElement; last: Point; msg: InFlightMessage }>();
  private readonly effects: Effect[] = [];
  private messageLayer!: SVGGElement;
  private effectLayer!: SVGGElement;
  private mode: NodeClickMode = 'crash';
  /** Simulated time of the previous update: a jump (fast-forward, step) says nothing about where a message died. */
  private lastNow = 0;

  constructor(private readonly handlers: TopologyHandlers) {
    this.svg = s('svg', {
      class: 'topology',
      role: 'group',
      'aria-roledescription': 'topology',
      preserveAspectRatio: 'xMidYMid meet',
    });
  }

  setMode(mode: NodeClickMode): void {
    this.mode = mode;
    for (const [id] of this.nodes) this.labelNode(id);
  }

  /** Build the drawing for a session's topology (called when the datastore, its settings or the direction change). */
  build(session: Session, direction: Direction = 'row'): void {
    const svg = this.svg;
    while (svg.firstChild) svg.firstChild.remove();
    this.linkGroups.clear();
    this.nodes.clear();
    this.clients.clear();
    this.dots.clear();
    this.effects.length = 0;
    const layout = (this.layout = layoutTopology(session.regions, session.replicas, session.clients, direction));
    // Natural size a little above 1:1, shrinking to fit: a one-region drawing must not blow up to giant text.
    attrs(svg, {
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: Math.round(layout.width * 1.1),
      height: Math.round(layout.height * 1.1),
      'aria-label': `Topology of ${session.store.name}: ${session.regions.length} region(s), ${session.replicas.length} replicas, ${session.clients.length} clients`,
    });

    const regionLayer = s('g', { class: 'regions' });
    for (const r of layout.regions) {
      regionLayer.append(
        s(
          'g',
          { class: 'region', 'data-region': r.name },
          s('rect', { x: r.x, y: r.y, width: r.w, height: r.h, rx: 6 }),
          s('text', { class: 'region-name', x: r.x + 14, y: r.y + 24 }, r.name),
        ),
      );
    }

    const linkLayer = s('g', { class: 'links' });
    for (const l of layout.links) {
      const line = { x1: l.from.x, y1: l.from.y, x2: l.to.x, y2: l.to.y };
      const g = s(
        'g',
        { class: 'link', tabindex: 0, role: 'button', 'data-a': l.a, 'data-b': l.b },
        s('line', { class: 'link-hit', ...line }),
        s('line', { class: 'link-line', ...line }),
        s(
          'g',
          { class: 'link-knob', transform: `translate(${l.knob.x} ${l.knob.y})` },
          s('circle', { class: 'focus-ring', r: 19 }),
          s('circle', { class: 'knob', r: 14 }),
          s('path', { class: 'knob-icon', d: scissors() }),
        ),
      );
      const toggle = () => this.handlers.toggleLink(l.a, l.b);
      g.addEventListener('click', toggle);
      g.addEventListener('keydown', (e) => activateOnKey(e, toggle));
      this.linkGroups.set(`${l.a}|${l.b}`, g);
      linkLayer.append(g);
    }

    const nodeLayer = s('g', { class: 'nodes' });
    for (const { id } of session.replicas) {
      const p = layout.replicas.get(id)!;
      const el: NodeElements = {
        g: s('g', { class: 'node', tabindex: 0, role: 'button', 'data-node': id, transform: `translate(${p.x} ${p.y})` }),
        body: s('circle', { class: 'node-body', r: NODE_RADIUS }),
        value: s('text', { class: 'node-value', y: 4 }),
        label: s('text', { class: 'node-label', y: NODE_RADIUS + 17 }, id),
        sub: s('text', { class: 'node-sub', y: NODE_RADIUS + 31 }),
        tip: s('title'),
        crown: s('path', { class: 'crown', d: CROWN, transform: `translate(0 ${-NODE_RADIUS - 9})` }),
        cross: s('path', { class: 'node-cross', d: CROSS }),
        cutRing: s('circle', { class: 'cut-ring', r: NODE_RADIUS + 7 }),
      };
      el.g.append(
        el.tip,
        s('circle', { class: 'focus-ring', r: NODE_RADIUS + 5 }),
        el.cutRing,
        el.body,
        el.value,
        el.cross,
        el.crown,
        el.label,
        el.sub,
      );
      const activate = () => this.handlers.activateNode(id, 'replica');
      el.g.addEventListener('click', activate);
      el.g.addEventListener('keydown', (e) => activateOnKey(e, activate));
      this.nodes.set(id, el);
      nodeLayer.append(el.g);
    }

    const clientLayer = s('g', { class: 'clients' });
    for (const c of session.clients) {
      const p = layout.clients.get(c.name)!;
      const half = CLIENT_SIZE / 2;
      const badgeBox = s('rect', { class: 'badge-box', x: -40, y: -half - 30, width: 80, height: 20, rx: 4 });
      const badgeText = s('text', { class: 'badge-text', y: -half - 16 });
      const el: ClientElements = {
        g: s('g', { class: 'client', tabindex: 0, role: 'button', 'data-client': c.name, transform: `translate(${p.x} ${p.y})` }),
        body: s('rect', { class: 'client-body', x: -half, y: -half, width: CLIENT_SIZE, height: CLIENT_SIZE, rx: 3 }),
        badge: s('g', { class: 'badge', 'aria-hidden': 'true' }, badgeBox, badgeText),
        badgeBox,
        badgeText,
        cutRing: s('rect', {
          class: 'cut-ring',
          x: -half - 6,
          y: -half - 6,
          width: CLIENT_SIZE + 12,
          height: CLIENT_SIZE + 12,
          rx: 6,
        }),
      };
      el.g.append(
        s('rect', { class: 'focus-ring', x: -half - 4, y: -half - 4, width: CLIENT_SIZE + 8, height: CLIENT_SIZE + 8, rx: 5 }),
        el.cutRing,
        el.body,
        s('path', { class: 'client-icon', d: 'M -6 -5 L 6 -5 L 6 4 L -6 4 Z M -3 7 L 3 7' }),
        s('text', { class: 'client-label', y: half + 16 }, c.name),
        el.badge,
      );
      const activate = () => this.handlers.activateNode(c.name, 'client');
      el.g.addEventListener('click', activate);
      el.g.addEventListener('keydown', (e) => activateOnKey(e, activate));
      this.clients.set(c.name, el);
      clientLayer.append(el.g);
    }

    this.messageLayer = s('g', { class: 'messages', 'aria-hidden': 'true' });
    this.effectLayer = s('g', { class: 'effects', 'aria-hidden': 'true' });
    svg.append(regionLayer, linkLayer, nodeLayer, clientLayer, this.messageLayer, this.effectLayer);
  }

  /** Bring the drawing up to the session's current state. `wall` is performance.now(), for effect lifetimes. */
  update(session: Session, wall: number): void {
    for (const l of this.layout.links) {
      const g = this.linkGroups.get(`${l.a}|${l.b}`)!;
      const cut = session.isLinkCut(l.a, l.b);
      attrs(g, {
        class: cut ? 'link cut' : 'link',
        'aria-pressed': cut ? 'true' : 'false',
        'aria-label': `Link between ${l.a} and ${l.b}: ${cut ? 'cut. Press to heal it' : 'connected. Press to cut it'}`,
      });
    }
    const states = session.nodes();
    const newest = states.reduce((m, n) => Math.max(m, n.values[0] ?? 0), 0);
    for (const n of states) this.updateNode(n, newest, session);
    for (const [name, el] of this.clients) {
      const cut = session.isIsolated(name);
      attrs(el.g, {
        class: cut ? 'client isolated' : 'client',
        'aria-label': `${name}${cut ? ', isolated' : ''}. Press to ${cut ? 'heal its links' : 'isolate it'}`,
      });
    }
    this.updateMessages(session, wall);
    this.lastNow = session.now;
    this.expireEffects(wall);
  }

  private nodeStates = new Map<string, { state: NodeState; isolated: boolean }>();

  private updateNode(n: NodeState, newest: number, session: Session): void {
    const el = this.nodes.get(n.id);
    if (!el) return;
    const isolated = session.isIsolated(n.id);
    this.nodeStates.set(n.id, { state: n, isolated });
    const leader = n.up && (n.role === 'leader' || n.role === 'primary');
    const value = n.values[0] ?? 0;
    const classes = [
      'node',
      n.role,
      n.up ? 'up' : 'down',
      isolated ? 'isolated' : '',
      leader ? 'is-leader' : '',
      n.up && value < newest ? 'behind' : '',
    ]
      .filter(Boolean)
      .join(' ');
    attrs(el.g, { class: classes });
    text(el.value, n.up ? (value === 0 ? '∅' : String(value)) : '');
    const parts = [n.up ? n.role : 'crashed'];
    if (n.term !== undefined && n.up) parts.push(`t${n.term}`);
    // Consensus logs commit by quorum: committed/appended shows a follower catching up. A primary's log just grows.
    if (n.logLength !== undefined && n.up)
      parts.push(session.store.family === 'consensus' ? `${n.commitIndex ?? 0}/${n.logLength}` : `log ${n.logLength}`);
    text(el.sub, parts.join(' · '));
    const tip = [`${n.id} in ${n.region}: ${n.up ? n.role : 'crashed'}`];
    if (n.up)
      tip.push(`value ${value === 0 ? 'never written' : value}${n.up && value < newest ? ` (behind: newest is ${newest})` : ''}`);
    if (n.up && n.term !== undefined) tip.push(`term ${n.term}`);
    if (n.up && n.logLength !== undefined) tip.push(`log: ${n.commitIndex ?? 0} committed of ${n.logLength} entries`);
    text(el.tip, tip.join('\n'));
    this.labelNode(n.id);
  }

  private labelNode(id: string): void {
    const el = this.nodes.get(id);
    const st = this.nodeStates.get(id);
    if (!el || !st) return;
    const { state: n, isolated } = st;
    const what = `${id}, ${n.up ? n.role : 'crashed'}${isolated ? ', isolated' : ''}${n.up ? `, holds ${n.values[0] ? `value ${n.values[0]}` : 'no value yet'}` : ''}`;
    const action =
      this.mode === 'crash'
        ? n.up
          ? 'Press to crash it'
          : 'Press to restart it'
        : isolated
          ? 'Press to heal its links'
          : 'Press to isolate it from everything else';
    attrs(el.g, { 'aria-label': `${what}. ${action}` });
  }

  private position(endpoint: string): Point | undefined {
    return this.layout.replicas.get(endpoint) ?? this.layout.clients.get(endpoint);
  }

  private updateMessages(session: Session, wall: number): void {
    const live = new Set<number>();
    for (const m of session.sim.inFlight()) {
      const from = this.position(m.from);
      const to = this.position(m.to);
      if (!from || !to) continue;
      live.add(m.id);
      // Offset each message a little to the side of the straight line, so a request and its answer do not overlap.
      const dx = to.x - from.x;
      const dy = to.y - from.y;
      const len = Math.hypot(dx, dy) || 1;
      const side = 5;
      const p = { x: from.x + dx * m.progress - (dy / len) * side, y: from.y + dy * m.progress + (dx / len) * side };
      let dot = this.dots.get(m.id);
      if (!dot) {
        const el = s('circle', { class: `msg leg-${m.leg}`, r: 5 });
        this.messageLayer.append(el);
        dot = { el, last: p, msg: m };
        this.dots.set(m.id, dot);
      }
      dot.last = p;
      dot.msg = m;
      attrs(dot.el, { cx: p.x.toFixed(1), cy: p.y.toFixed(1) });
    }
    for (const [id, dot] of this.dots) {
      if (live.has(id)) continue;
      dot.el.remove();
      this.dots.delete(id);
      // Gone before arriving, or arrived across a cut link or at a crashed node: it was dropped. Say so.
      const m = dot.msg;
      if (session.now - this.lastNow > m.arrives - m.sent) continue;
      const target = this.nodeStates.get(m.to);
      const dropped =
        session.now < m.arrives - 1e-9 || this.cutBetween(session, m.from, m.to) || (target !== undefined && !target.state.up);
      if (dropped)
        this.addEffect(
          s('path', { class: 'drop', d: SMALL_CROSS, transform: `translate(${dot.last.x.toFixed(1)} ${dot.last.y.toFixed(1)})` }),
          wall + DROP_MS,
        );
    }
  }

  private cutBetween(session: Session, a: string, b: string): boolean {
    if (session.isIsolated(a) || session.isIsolated(b)) return true;
    const ra = this.regionOf(session, a);
    const rb = this.regionOf(session, b);
    return ra !== undefined && rb !== undefined && ra !== rb && session.isLinkCut(ra, rb);
  }

  private regionOf(session: Session, endpoint: string): string | undefined {
    return session.replicas.find((r) => r.id === endpoint)?.region ?? session.clients.find((c) => c.name === endpoint)?.region;
  }

  /** Show what became of operations that just finished, over their client. */
  showCompleted(ops: OpView[], wall: number): void {
    for (const { op, status } of ops) {
      const el = op.client !== undefined ? this.clients.get(op.client) : undefined;
      if (!el) continue;
      const what = op.f === 'read' ? `R ${status === 'ok' || status === 'stale' ? `→ ${op.value ?? '∅'}` : ''}` : `W ${op.value}`;
      const verdict =
        status === 'ok'
          ? '✓'
          : status === 'stale'
            ? 'stale'
            : status === 'lost'
              ? 'lost'
              : status === 'unknown'
                ? 'timeout'
                : 'refused';
      const label = `${what} ${verdict}`.replace(/\s+/g, ' ');
      text(el.badgeText, label);
      // Monospace at 11px: about 6.7px a character.
      const width = Math.max(56, Math.ceil(label.length * 6.8) + 14);
      attrs(el.badgeBox, { x: -width / 2, width });
      attrs(el.badge, { class: `badge show ${status}` });
      attrs(el.body, { class: `client-body flash-${status}` });
      const until = wall + BADGE_MS;
      this.badgeUntil.set(op.client!, until);
    }
  }

  private readonly badgeUntil = new Map<string, number>();

  private addEffect(el: SVGElement, until: number): void {
    this.effectLayer.append(el);
    this.effects.push({ el, until });
  }

  private expireEffects(wall: number): void {
    for (let i = this.effects.length - 1; i >= 0; i--)
      if (this.effects[i].until <= wall) {
        this.effects[i].el.remove();
        this.effects.splice(i, 1);
      }
    for (const [name, until] of this.badgeUntil) {
      if (until > wall) continue;
      const el = this.clients.get(name);
      if (el) {
        attrs(el.badge, { class: 'badge' });
        attrs(el.body, { class: 'client-body' });
      }
      this.badgeUntil.delete(name);
    }
  }
}

function activateOnKey(e: KeyboardEvent, fn: () => void): void {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    e.stopPropagation();
    fn();
  }
}

/** A small pair of scissors, centred on 0,0, drawn with strokes. */
function scissors(): string {
  return 'M -6 -5 L 5 4 M -6 5 L 5 -4 M -6 -5 m -2.2 0 a 2.2 2.2 0 1 0 4.4 0 a 2.2 2.2 0 1 0 -4.4 0 M -6 5 m -2.2 0 a 2.2 2.2 0 1 0 4.4 0 a 2.2 2.2 0 1 0 -4.4 0';
}
