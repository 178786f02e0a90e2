// Toolbar icons as inline SVG (16×16, currentColor): no icon font to load, nothing for the CSP to allow, and
// the same glyphs on every platform (media-control characters are missing from many fonts).

import { s } from './dom';

const PATHS = {
  play: [['fill', 'M4.5 2.5v11l9-5.5z']],
  pause: [['fill', 'M4 2.5h3v11H4zM9 2.5h3v11H9z']],
  step: [['fill', 'M3 2.5v11l7.5-5.5zM11 2.5h2v11h-2z']],
  forward: [['fill', 'M1.5 3v10L8 8zM8 3v10l6.5-5z']],
  reset: [
    ['stroke', 'M3.2 6A5 5 0 1 1 3 9.5'],
    ['fill', 'M1.8 2.2 2.4 7.2 7 5.3z'],
  ],
  heal: [
    ['stroke', 'M5.5 10.5l5-5M4.2 7.3 2.9 8.6a2.4 2.4 0 0 0 3.4 3.4l1.3-1.3M11.8 8.7l1.3-1.3a2.4 2.4 0 0 0-3.4-3.4L8.4 5.3'],
  ],
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  return s(
    'svg',
    { class: 'icon', viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false' },
    ...PATHS[name].map(([kind, d]) => s('path', { class: kind, d })),
  );
}
