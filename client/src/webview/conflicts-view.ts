// Concurrent versions side by side: for each conflict a leaderless store met, one card per version (its value,
// who wrote it where, whether it was acknowledged) marked with its fate — kept, lost, kept as a sibling, merged —
// and the sentence that says what the store's resolution did.

import { duration, type ConflictGroup, type ConflictVersion } from './core';
import { h } from './dom';

const FATE_TEXT: Record<ConflictVersion['fate'], string> = {
  kept: 'kept',
  lost: 'lost update',
  dropped: 'dropped',
  sibling: 'sibling',
  merged: 'merged',
};

export function conflictsView(groups: readonly ConflictGroup[]): HTMLElement {
  const root = h(
    'section',
    { class: 'conflicts', 'aria-label': 'Concurrent versions' },
    h('h2', { class: 'section-title' }, 'Concurrent versions'),
  );
  if (groups.length === 0) {
    root.append(h('p', { class: 'muted' }, 'No concurrent versions met in this run.'));
    return root;
  }
  for (const g of groups) {
    const versions = h(
      'div',
      { class: 'versions', role: 'list' },
      ...g.versions.map((v) =>
        h(
          'div',
          {
            class: `version ${v.fate}`,
            role: 'listitem',
            'aria-label': `Version ${v.value ?? 'nil'} by ${v.client ?? 'a client'}: ${FATE_TEXT[v.fate]}`,
          },
          h(
            'div',
            { class: 'version-value' },
            v.f === 'add' ? `+${v.value}` : v.f === 'remove' ? `−${v.value}` : String(v.value ?? '∅'),
          ),
          h('div', { class: 'version-who' }, v.client ?? '', v.region && !v.client?.includes(v.region) ? ` (${v.region})` : ''),
          h(
            'div',
            { class: 'version-when' },
            `op ${v.id} · ${v.outcome === 'ok' ? `acknowledged at ${duration(v.complete)}` : v.outcome === 'info' ? 'outcome unknown' : 'failed'}`,
          ),
          h('div', { class: `version-fate ${v.fate}` }, FATE_TEXT[v.fate]),
        ),
      ),
    );
    const result = g.merged
      ? h(
          'div',
          { class: 'version-result' },
          '→ ',
          h('span', { class: 'version-value' }, String(g.merged.value ?? '∅')),
          ` written back (op ${g.merged.id})`,
        )
      : g.final
        ? h('div', { class: 'version-result' }, '→ ', h('span', { class: 'version-value' }, g.final))
        : undefined;
    root.append(
      h(
        'article',
        { class: 'conflict', 'data-store': g.store },
        h('header', { class: 'conflict-head' }, h('code', {}, g.store), ` · key ${g.key} · met at ${duration(g.at)}`),
        h('div', { class: 'conflict-body' }, versions, result),
        h('p', { class: 'conflict-outcome' }, g.outcome),
      ),
    );
  }
  return root;
}
