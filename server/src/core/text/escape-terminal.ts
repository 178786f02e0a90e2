// Design text on a terminal (`check`, `explain`, `simulate` text output, error messages): control characters
// from a design are shown, not obeyed, so a name or comment holding ESC sequences cannot set the window
// title, clear the screen, move the cursor or plant an OSC 8 link. Bidirectional overrides are shown too,
// so text cannot appear in another order than it is (CVE-2021-42574, "Trojan Source").

/** C0 controls but tab, DEL, C1 controls, and the Unicode bidirectional embedding, override and isolate marks. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character replaced by one visible character, so columns still line up under a
 * code frame: C0 by its Unicode control picture (ESC → ␛), DEL by ␡, C1 and bidirectional marks by �.
 * Tabs are kept; line feeds too when `multiline`, else they become ␊.
 */
export function terminalText(text: string, multiline = false): string {
  const shown = text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
  return multiline ? shown : shown.replace(/\n/g, '\u240a');
}
