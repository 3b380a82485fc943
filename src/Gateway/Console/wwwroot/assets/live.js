// Live updates: the server's event stream (GET /api/events, `event: agent`) when it has one, else polling.
// Subscribers get {kind, agent} for each agent event, or {kind: 'poll'} on each polling tick; either
// way they refresh what they show. The operator can pause updates from the top bar.

const POLL_MS = 5000;

class Live {
  #subscribers = new Set();
  #source = null;
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
    if (typeof EventSource === 'undefined') {
      this.#startPolling();
      return;
    }
    const source = new EventSource('/api/events');
    this.#source = source;
    source.addEventListener('open', () => {
      this.#opened = true;
      this.#setState('live');
      // After a reconnect, whatever happened meanwhile was missed: refresh once.
      this.#emit({ kind: 'resync' });
    });
    source.addEventListener('agent', (message) => {
      let data;
      try { data = JSON.parse(message.data); } catch { return; }
      if (data && data.agent) this.#emit(data);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // Never opened (no such endpoint) or refused for good: poll instead.
        source.close();
        this.#source = null;
        this.#startPolling();
      } else {
        this.#setState(this.#opened ? 'reconnecting' : 'connecting');
      }
    });
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
