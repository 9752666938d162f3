/**
 * Plain text wrapped at spaces to a width, for lines written straight to the terminal (outside Ink, which wraps its
 * own): a terminal breaks a long line mid-word. Words longer than the width stay whole. Our own text only, before
 * any styling, so a column is a character here (wrap-ansi, which Ink uses, is not a dependency of ours).
 */
export function wrapWords(text: string, width: number): string[] {
  if (!Number.isFinite(width) || width < 20) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}
