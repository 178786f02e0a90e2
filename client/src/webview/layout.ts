// Where everything goes in the topology drawing: region boxes (side by side for two, or one above the other in
// a narrow panel; on a ring for more, so every pair has a link of its own to click), replicas in a row inside
// each, clients below them. Pure geometry.

export interface Point {
  x: number;
  y: number;
}

export interface RegionBox {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LinkGeometry {
  a: string;
  b: string;
  /** The visible segment, from box edge to box edge. */
  from: Point;
  to: Point;
  /** Where the cut/heal knob sits (off-centre, so crossing links on a ring do not share a knob). */
  knob: Point;
}

export interface Layout {
  width: number;
  height: number;
  regions: RegionBox[];
  links: LinkGeometry[];
  replicas: Map<string, Point>;
  clients: Map<string, Point>;
}

export const NODE_RADIUS = 21;
export const CLIENT_SIZE = 26;
const SLOT = 124;
const BOX_PAD = 28;
const BOX_H = 236;
const REPLICA_Y = 84;
const CLIENT_Y = 184;
const MARGIN = 24;

export type Direction = 'row' | 'column';

export function layoutTopology(
  regions: string[],
  replicas: { id: string; region: string }[],
  clients: { name: string; region: string }[],
  direction: Direction = 'row',
): Layout {
  const perRegion = regions.map((name) => ({
    name,
    replicas: replicas.filter((r) => r.region === name).map((r) => r.id),
    clients: clients.filter((c) => c.region === name).map((c) => c.name),
  }));
  const sizes = perRegion.map((r) => ({
    w: Math.max(200, Math.max(r.replicas.length, r.clients.length, 1) * SLOT + 2 * BOX_PAD),
    h: BOX_H,
  }));
  const centres = arrange(sizes, direction);

  const boxes: RegionBox[] = perRegion.map((r, i) => ({
    name: r.name,
    x: centres[i].x - sizes[i].w / 2,
    y: centres[i].y - sizes[i].h / 2,
    w: sizes[i].w,
    h: sizes[i].h,
  }));
  // Shift everything so the drawing starts at the margin.
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  for (const b of boxes) {
    b.x += MARGIN - minX;
    b.y += MARGIN - minY;
  }
  const width = Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN;
  const height = Math.max(...boxes.map((b) => b.y + b.h)) + MARGIN;

  const replicaPos = new Map<string, Point>();
  const clientPos = new Map<string, Point>();
  perRegion.forEach((r, i) => {
    const b = boxes[i];
    const row = (ids: string[], y: number, into: Map<string, Point>) => {
      const start = b.x + b.w / 2 - ((ids.length - 1) * SLOT) / 2;
      ids.forEach((id, k) => into.set(id, { x: start + k * SLOT, y: b.y + y }));
    };
    row(r.replicas, REPLICA_Y, replicaPos);
    row(r.clients, CLIENT_Y, clientPos);
  });

  const links: LinkGeometry[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const ca = centre(a);
      const cb = centre(b);
      const from = clipToBox(ca, cb, a);
      const to = clipToBox(cb, ca, b);
      const t = boxes.length > 3 ? 0.36 : 0.5;
      links.push({ a: a.name, b: b.name, from, to, knob: { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t } });
    }
  return { width, height, regions: boxes, links, replicas: replicaPos, clients: clientPos };
}

function arrange(sizes: { w: number; h: number }[], direction: Direction): Point[] {
  const n = sizes.length;
  if (n === 1) return [{ x: 0, y: 0 }];
  const gap = 150;
  if (n === 2 && direction === 'column')
    return [
      { x: 0, y: 0 },
      { x: 0, y: sizes[0].h / 2 + gap * 0.7 + sizes[1].h / 2 },
    ];
  if (n === 2)
    return [
      { x: 0, y: 0 },
      { x: sizes[0].w / 2 + gap + sizes[1].w / 2, y: 0 },
    ];
  // Start from the chord the widest box needs, then widen the ring until no two boxes come within `gap`.
  const step = (Math.PI * 2) / n;
  const maxW = Math.max(...sizes.map((s) => s.w));
  let radius = (maxW * 0.6) / Math.sin(step / 2);
  // A ring squashed vertically: panels are wider than tall.
  const place = (r: number) =>
    sizes.map((_, i) => ({ x: r * Math.cos(-Math.PI / 2 + i * step) * 1.2, y: r * Math.sin(-Math.PI / 2 + i * step) * 0.75 }));
  const clear = (ps: Point[]) =>
    ps.every((p, i) =>
      ps.every(
        (q, j) =>
          j <= i ||
          Math.abs(p.x - q.x) >= (sizes[i].w + sizes[j].w) / 2 + gap * 0.6 ||
          Math.abs(p.y - q.y) >= (sizes[i].h + sizes[j].h) / 2 + gap * 0.4,
      ),
    );
  while (!clear(place(radius))) radius *= 1.08;
  return place(radius);
}

function centre(b: RegionBox): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** The point where the segment from the centre of `box` towards `to` leaves the box. */
function clipToBox(from: Point, to: Point, box: RegionBox): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const tx = dx === 0 ? Infinity : box.w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : box.h / 2 / Math.abs(dy);
  const t = Math.min(tx, ty, 1);
  return { x: from.x + dx * t, y: from.y + dy * t };
}
