// Live updates: the server's event stream (GET /api/events, `event: agent`) when it has one, else polling.
// The stream is read with fetch, not EventSource, so it carries the signed-in credential like every other
// call. Subscribers get {kind, agent} for each agent event, or {kind: 'poll'} on each polling tick; either
// way they refresh what they show. The operator can pause updates from the top bar.
import { authorizedFetch } from './session.js';

const POLL_MS = 5000;
const RETRY_MS = [1000, 2000, 5000, 10000];

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

class Live {
  #subscribers = new Set();
  #pollTimer = null;
  #paused = false;
  #state = 'connecting';
  #opened = false;

  constructor() {
    this.pollMs = POLL_MS;
  }

  get state() { return this.#paused ? 'paused' : this.#state; }
  get paused() { return this.#paused; }

  start() {
    if (typeof TextDecoderStream === 'undefined') {
      this.#startPolling();
      return;
    }
    this.#stream();
  }

  async #stream() {
    for (let failures = 0; ; failures++) {
      let response = null;
      try {
        response = await authorizedFetch('/api/events', { headers: { Accept: 'text/event-stream' }, cache: 'no-store' });
      } catch { /* unreachable: retry below */ }
      if (response && (response.status === 404 || response.status === 405 || response.status === 403)) {
        // No such endpoint on this server, or not for this role: poll instead.
        this.#startPolling();
        return;
      }
      if (response?.ok && response.body) {
        failures = 0;
        this.#opened = true;
        this.#setState('live');
        // After a reconnect, whatever happened meanwhile was missed: refresh once.
        this.#emit({ kind: 'resync' });
        try { await this.#read(response.body); } catch { /* the stream broke: reconnect */ }
      }
      this.#setState(this.#opened ? 'reconnecting' : 'connecting');
      await sleep(RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]);
    }
  }

  /** Server-sent events from a byte stream: blocks separated by a blank line, `event:` and `data:` fields. */
  async #read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        this.#dispatch(block);
      }
    }
  }

  #dispatch(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (event !== 'agent') return;
    let parsed;
    try { parsed = JSON.parse(data.join('\n')); } catch { return; }
    if (parsed && parsed.agent) this.#emit(parsed);
  }

  subscribe(fn) {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  setPaused(paused) {
    this.#paused = paused;
    this.#render();
    if (!paused) this.#emit({ kind: 'resync' });
  }

  #startPolling() {
    this.#setState('polling');
    clearInterval(this.#pollTimer);
    this.#pollTimer = setInterval(() => this.#emit({ kind: 'poll' }), this.pollMs);
  }

  #emit(event) {
    if (this.#paused) return;
    for (const fn of [...this.#subscribers]) {
      try { fn(event); } catch (error) { console.error('live update handler failed', error); }
    }
  }

  #setState(state) {
    this.#state = state;
    this.#render();
  }

  #render() {
    const root = document.getElementById('live');
    const text = document.getElementById('live-text');
    const toggle = document.getElementById('live-toggle');
    if (!root || !text || !toggle) return;
    const state = this.state;
    root.dataset.state = state;
    text.textContent = {
      live: 'Live',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      polling: `Refreshing every ${this.pollMs / 1000} s`,
      paused: 'Updates paused',
    }[state];
    toggle.textContent = this.#paused ? 'Resume updates' : 'Pause updates';
    toggle.setAttribute('aria-pressed', String(this.#paused));
  }
}

export const live = new Live();
