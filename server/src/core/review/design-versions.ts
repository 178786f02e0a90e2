// One version of a design file as the diff reads it: each of its designs analysed (a *.cap.yaml is one design, a
// Markdown doc one per group of fences, findings placed on them) and rated with the given severities. The CLI's
// `diff` and the editor's "Compare with …" both come through here, so they compare alike.

import { analyzeFull, rateFindings } from '../analysis/analyze';
import { analyzeMarkdown, isMarkdownFileName } from '../markdown/analyze';
import type { RuleSeverityOverrides } from '../rules/registry';
import { LineIndex } from '../text/lines';
import type { DesignVersion } from './diff';

export function designVersions(path: string, text: string, overrides: RuleSeverityOverrides = {}): DesignVersion[] {
  const lines = new LineIndex(text);
  if (isMarkdownFileName(path)) {
    return analyzeMarkdown(text).map((d) => ({
      analysis: d.result,
      findings: rateFindings(d.findings, overrides),
      text: d.design.text,
      lines,
    }));
  }
  const analysis = analyzeFull(text);
  return [{ analysis, findings: rateFindings(analysis.findings, overrides), text, lines }];
}
