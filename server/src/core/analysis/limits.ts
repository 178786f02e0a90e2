// Guards that keep hostile input cheap: documents too large or too deeply nested get one clear finding
// instead of a parse that could exhaust memory or the stack.

import { finding, type Finding } from '../findings';

export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
export const MAX_NESTING = 100;

export function checkLimits(text: string): Finding | undefined {
  if (text.length > MAX_DOCUMENT_BYTES) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return finding('yaml-syntax', { start: 0, end: Math.min(text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'), 200) }, `This design is ${mb} MB; CAP Lens checks designs up to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB. Split it into several *.cap.yaml files.`);
  }
  // Flow brackets and indentation both nest; count the deeper of the two cheaply.
  let depth = 0;
  let inQuote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inQuote) {
      if (text[i] === inQuote) inQuote = undefined;
      else if (ch === 10) inQuote = undefined; // be lenient: an unterminated quote is the parser's to report
      continue;
    }
    if (ch === 91 || ch === 123) {
      if (++depth > MAX_NESTING) return nestingFinding(text, i);
    } else if (ch === 93 || ch === 125) depth = Math.max(0, depth - 1);
    else if (ch === 35 && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (ch === 34 || ch === 39) {
      if (i === 0 || /[\s:,[{-]/.test(text[i - 1])) inQuote = text[i];
    }
  }
  const deep = /^( {400,})\S/m.exec(text);
  if (deep) return nestingFinding(text, deep.index + deep[1].length);
  return undefined;
}

function nestingFinding(text: string, at: number): Finding {
  return finding('yaml-syntax', { start: at, end: Math.min(at + 1, text.length) }, `Nesting deeper than ${MAX_NESTING} levels: a design never needs this, and CAP Lens stops here rather than risk running out of stack.`);
}
