// Tiny helpers to build HTML and SVG elements without innerHTML (no markup parsing, nothing for the CSP to
// object to: attributes only, never inline `style`).

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | null>;

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'style') throw new Error('inline styles are blocked by the Content Security Policy; use a class');
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Set several attributes of an existing element (skips unchanged values, which keeps style recalculation low). */
export function attrs(el: Element, values: Attrs): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === false) {
      if (el.hasAttribute(k)) el.removeAttribute(k);
      continue;
    }
    const text = v === true ? '' : String(v);
    if (el.getAttribute(k) !== text) el.setAttribute(k, text);
  }
}

export function text(el: Element, value: string): void {
  if (el.textContent !== value) el.textContent = value;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}
