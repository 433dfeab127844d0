/**
 * Text from files as the command line prints it: a sidecar, an article or a file name may hold
 * control characters, and printed as they are an escape sequence could clear the screen or
 * change the terminal's title, and a line break in a file name would split a
 * `path:line:col` line in two. Every such character is written as a visible escape instead.
 */

/**
 * `text` with control characters (C0, DEL, C1), line and paragraph separators and the bidi
 * controls that can reorder what a line appears to say written as escapes: `\n`, `\r`, `\t`,
 * and `\u{…}` for the rest. Other text is left as it is.
 */
export function terminalSafe(text: string): string {
  let safe = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escape = escapeOf(code);
    if (escape === undefined) continue;
    safe += text.slice(runStart, i) + escape;
    runStart = i + 1;
  }
  return runStart === 0 ? text : safe + text.slice(runStart);
}

function escapeOf(code: number): string | undefined {
  if (code === 10) return '\\n';
  if (code === 13) return '\\r';
  if (code === 9) return '\\t';
  const control =
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069);
  return control ? `\\u{${code.toString(16)}}` : undefined;
}
