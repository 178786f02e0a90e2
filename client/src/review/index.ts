// What the extension host analyses itself, bundled apart as dist/review.js and loaded on first use (the Markdown
// preview's first render, the first "Compare with …"), so opening a Markdown file costs no analysis core until a
// design is shown. Pure: the same code can run in a browser extension host.

export { capLensMarkdownIt } from '../markdown/preview-plugin';
export { designVersions } from '../../../server/src/core/review/design-versions';
export { addsFindingsAt, diffDesignLists, type FileDiff } from '../../../server/src/core/review/diff';
export { diffCounts, diffHeadline, diffMarkdown } from '../../../server/src/core/review/diff-markdown';
