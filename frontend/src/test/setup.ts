import '@testing-library/jest-dom/vitest';
// IndexedDB (the roll calls kept without network): jsdom has none.
import 'fake-indexeddb/auto';

import { cleanup, configure } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, vi } from 'vitest';

import { resetCsrfState } from '../api/csrf';
import { setupI18n } from '../shared/i18n';
import { FakeWebSocket } from './fakeWebSocket';

// On a busy machine (CI is shared) a page can take several seconds to show up. A longer wait
// costs nothing when the page comes; it only delays the report of a test that fails.
configure({ asyncUtilTimeout: 20_000 });

// jsdom lacks a few browser APIs that Mantine relies on.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

Element.prototype.scrollIntoView ??= () => undefined;

// Textarea's autosize listens to document.fonts, which jsdom lacks.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => undefined, removeEventListener: () => undefined, ready: Promise.resolve() },
  });
}

// The rich-text editor (ProseMirror) measures the selection to keep it in view; jsdom has no
// layout: nothing is anywhere.
const emptyRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getClientRects ??= emptyRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();
document.elementFromPoint ??= () => null;

// axe-core probes <canvas>; jsdom only logs "not implemented". Say "no canvas" quietly.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

beforeEach(() => {
  // The signed-in layout opens the live socket: never a real one in unit tests.
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
  window.localStorage.clear();
  window.sessionStorage.clear();
  // A new, empty IndexedDB: what a test kept on the "device" does not reach the next one.
  globalThis.indexedDB = new IDBFactory();
  clearCookies();
  resetCsrfState();
  setupI18n('fr');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  // The files of a worker share it (isolate: false): a test's fake clock must not outlive it.
  vi.useRealTimers();
});
