// Renders Markdown the permissive way (raw HTML allowed, as some viewers do) to count what a design could
// inject: live tags and links. markdown-it comes with @vscode/vsce (a devDependency); it has no types here.

import { createRequire } from 'node:module';

interface MarkdownIt {
  render(src: string): string;
}
const MarkdownItCtor = createRequire(__filename)('markdown-it') as new (options: {
  html: boolean;
  linkify: boolean;
}) => MarkdownIt;
const permissive = new MarkdownItCtor({ html: true, linkify: false });

export function renderMarkdown(markdown: string): string {
  return permissive.render(markdown);
}

/** Elements in rendered HTML that a design must never produce: raw HTML it wrote, and images. */
export function injectedTags(html: string): string[] {
  return html.match(/<(img|script|iframe|details|summary|b|i|svg|style|object|embed|form|input|meta|link)\b[^>]*>/gi) ?? [];
}

/** Link targets in rendered HTML. */
export function linkTargets(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/gi)].map((m) => m[1]);
}
