/**
 * The non-interactive front-end of the flow: Blocks rendered as plain lines (styled only when colour is on),
 * tasks as one progress line before and one after (no spinner), and no questions at all.
 */
import type { Block, Prompter } from '../core/prompter.js';
import type { Style } from '../core/style.js';

export type Display = Pick<Prompter, 'show' | 'task'>;

export function renderBlock(block: Block, style: Style): string {
  switch (block.kind) {
    case 'heading':
      return `\n${style.bold(block.text)}\n`;
    case 'text': {
      const paint =
        block.tone === 'error' ? style.red : block.tone === 'warning' ? style.yellow : block.tone === 'success' ? style.green : block.tone === 'dim' ? style.dim : (s: string) => s;
      return `${paint(block.text)}\n`;
    }
    case 'list':
      return `${block.items.map((item, i) => `  ${block.ordered ? `${i + 1}.` : '-'} ${item}`).join('\n')}\n`;
    case 'table': {
      const width = Math.min(24, Math.max(0, ...block.rows.map((r) => r.label.length)));
      return `${block.rows.map((r) => `  ${r.label.padEnd(width)}  ${r.value}`).join('\n')}\n`;
    }
    case 'code':
      return `${block.title ? `${style.dim(block.title)}\n` : ''}${block.text
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`;
    case 'link':
      return `${block.title ? `${block.title}\n` : ''}${style.link(block.url, block.url)}\n`;
    case 'diff':
      return `${block.title ? `${style.dim(block.title)}\n` : ''}${block.lines
        .map((l) => {
          const line = `  ${l.op} ${l.text}`;
          return l.op === '+' ? style.green(line) : l.op === '-' ? style.red(line) : line;
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
      write(`${style.dim('…')} ${label}\n`);
      return run(() => {}, new AbortController().signal);
    },
  };
}
