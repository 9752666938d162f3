/**
 * A task line: an animated spinner with a label that the work can update, or in accessible mode a plain
 * "… label" line with no animation (screen readers re-read every repaint). Own frames instead of ink-spinner:
 * eight characters do not justify loading cli-spinners' table before the first frame.
 */
import React, { useEffect, useState, useSyncExternalStore } from 'react';
import { Text } from 'ink';
import { GLYPH, T, clean, useUi } from './ui.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner() {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return <T tone="accent">{FRAMES[frame]}</T>;
}

/** A tiny external store so the running work can change the line without re-rendering from outside. */
export class LineStore {
  #line: string;
  #listeners = new Set<() => void>();
  constructor(line: string) {
    this.#line = line;
  }
  get = (): string => this.#line;
  set = (line: string): void => {
    this.#line = line;
    for (const l of this.#listeners) l();
  };
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}

export type TaskStatus = 'running' | 'done' | 'failed' | 'cancelled';

export function TaskLine({ store, status }: { store: LineStore; status: TaskStatus }) {
  const { accessible } = useUi();
  const line = clean(useSyncExternalStore(store.subscribe, store.get, store.get));
  if (status === 'done') {
    return (
      <Text>
        <T tone="success">{GLYPH.done}</T> <T tone="dim">{line}</T>
      </Text>
    );
  }
  if (status === 'failed' || status === 'cancelled') {
    return (
      <Text>
        <T tone="error">{GLYPH.cancelled}</T> <T tone="dim">{line}{status === 'cancelled' ? ' (cancelled)' : ''}</T>
      </Text>
    );
  }
  if (accessible) return <Text>… {line} (working)</Text>;
  return (
    <Text>
      <Spinner /> {line}
    </Text>
  );
}
