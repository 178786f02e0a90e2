// A small glob matcher for command-line arguments: `**` (any number of folders), `*` (any run of characters
// within one path segment) and `?` (one character). Enough for CI scripts; no dependency for brace sets.

/** Does the argument use glob syntax (rather than naming a file or folder)? */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** The pattern as a regular expression over '/'-separated paths, anchored at both ends. */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.replace(/\\/g, '/').split('/');
  let source = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      // `a/**/b` matches a/b, a/x/b, a/x/y/b; a trailing `**` matches everything below.
      source += last ? '.*' : '(?:[^/]*/)*';
      return;
    }
    for (const ch of segment) {
      if (ch === '*') source += '[^/]*';
      else if (ch === '?') source += '[^/]';
      else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    if (!last) source += '/';
  });
  return new RegExp(`^${source}$`);
}

/** Splits a glob into the folder before its first wildcard segment and the pattern after it. */
export function splitGlob(pattern: string): { base: string; rest: string } {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const firstWild = segments.findIndex((s) => isGlob(s));
  if (firstWild < 0) return { base: segments.slice(0, -1).join('/') || '.', rest: segments[segments.length - 1] };
  const baseSegments = segments.slice(0, firstWild);
  // An absolute pattern keeps its leading '/' (its first segment is empty).
  const base =
    baseSegments.length === 0 ? '.' : baseSegments.length === 1 && baseSegments[0] === '' ? '/' : baseSegments.join('/');
  return { base, rest: segments.slice(firstWild).join('/') };
}

/** How many folders deep a match can lie below the base (Infinity with `**`). */
export function globDepth(rest: string): number {
  const segments = rest.split('/');
  return segments.includes('**') ? Infinity : segments.length - 1;
}
