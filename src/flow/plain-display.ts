/**
 * The non-interactive front-end of the flow: Blocks rendered as plain lines (styled only when colour is on),
 * tasks as one progress line before and one after (no spinner), and no questions at all.
 */
import type { Block, Prompter } from '../core/prompter.js';
import { stripControl } from '../core/sanitize.js';
import type { Style } from '../core/style.js';

export type Display = Pick<Prompter, 'show' | 'task'>;

/** Blocks often carry server text (IDs, URLs, error descriptions): no control sequence reaches the terminal. */
const line = (s: string) => stripControl(s, { singleLine: true });
const lines = (s: string) => stripControl(s);

export function renderBlock(block: Block, style: Style): string {
  switch (block.kind) {
    case 'heading':
      return `\n${style.bold(line(block.text))}\n`;
    case 'text': {
      const paint =
        block.tone === 'error' ? style.red : block.tone === 'warning' ? style.yellow : block.tone === 'success' ? style.green : block.tone === 'dim' ? style.dim : (s: string) => s;
      return `${paint(lines(block.text))}\n`;
    }
    case 'list':
      return `${block.items.map((item, i) => `  ${block.ordered ? `${i + 1}.` : '-'} ${lines(item)}`).join('\n')}\n`;
    case 'table': {
      const rows = block.rows.map((r) => ({ label: line(r.label), value: lines(r.value) }));
      const width = Math.min(24, Math.max(0, ...rows.map((r) => r.label.length)));
      return `${rows.map((r) => `  ${r.label.padEnd(width)}  ${r.value}`).join('\n')}\n`;
    }
    case 'code':
      return `${block.title ? `${style.dim(line(block.title))}\n` : ''}${lines(block.text)
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`;
    case 'link':
      return `${block.title ? `${line(block.title)}\n` : ''}${style.link(block.url, block.url)}\n`;
    case 'diff':
      return `${block.title ? `${style.dim(line(block.title))}\n` : ''}${block.lines
        .map((l) => {
          const text = `  ${l.op} ${lines(l.text)}`;
          return l.op === '+' ? style.green(text) : l.op === '-' ? style.red(text) : text;
        })
        .join('\n')}\n`;
  }
}

export function plainDisplay(write: (text: string) => void, style: Style): Display {
  return {
    show(...blocks) {
      for (const b of blocks) write(renderBlock(b, style));
    },
    async task(label, run) {
      write(`${style.dim('…')} ${line(label)}
`);
      return run(() => {}, new AbortController().signal);
    },
  };
}
