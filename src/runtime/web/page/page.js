// dealscope's web viewer. Shows the server's screen as text: rows of cells,
// each run of one style a <span> pinned to its width in cells, so the
// server's widths are the only widths (a wide character is two cells) and
// the screen is real text in the DOM. Text is only ever set with
// textContent. The link's token is read from the fragment and sent in the
// first WebSocket message; it never goes into a request line or a referrer.
'use strict';

(() => {
  const VERSION = 1;
  const C = { AUTH: 1, ACK: 2, RESIZE: 3, THEME: 4, KEY: 5, PING: 6 };
  const S = { FRAME: 1, DIFF: 2, STATUS: 3, PONG: 4, BYE: 5 };
  const CLOSE = { NOT_FOUND: 4404, REFUSED: 4429, ENDED: 4000, PROTOCOL: 4400, VERSION: 4426 };
  const PING_EVERY = 25000;
  const MIN_FONT = 6, MAX_FONT = 40, WANT_COLS = 80;

  const screen = document.getElementById('screen');
  const stateEl = document.getElementById('state');
  const notice = document.getElementById('notice');
  const nameEl = document.getElementById('name');
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  const light = window.matchMedia('(prefers-color-scheme: light)');
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  // The model: rows of cells [symbol, style]; a wide character's right half is ''.
  let cols = 0, rows = 0, grid = [], seq = 0, dirtyRows = new Set(), painted = 0;
  let ws = null, backoff = 1000, retryTimer = 0, pingTimer = 0, giveUp = false;
  let fontPx = 0, fontChosen = false;
  const rowEls = [];

  try { nameEl.value = localStorage.getItem('dealscope-name') || ''; } catch (e) { /* storage off */ }

  function say(text) {
    stateEl.textContent = text;
    document.title = 'dealscope: ' + text;
  }

  function show(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  // ---- sizes ---------------------------------------------------------------

  const probe = document.createElement('span');
  probe.id = 'probe';
  probe.textContent = '0000000000';
  screen.appendChild(probe);

  function cellSize() {
    const r = probe.getBoundingClientRect();
    return { w: r.width / 10, h: r.height };
  }

  // The font: what the user chose with A−/A+, else 15px shrunk (to 6px at
  // least) until 80 columns fit, so a phone shows the whole screen and
  // pinch-zoom enlarges a part of it.
  function fitFont() {
    if (!fontChosen) {
      fontPx = 15;
      screen.style.setProperty('--font', fontPx + 'px');
      document.documentElement.style.setProperty('--font', fontPx + 'px');
      const avail = screen.clientWidth - 4;
      const w = cellSize().w;
      if (w > 0 && avail / w < WANT_COLS) {
        fontPx = Math.max(MIN_FONT, Math.floor(fontPx * avail / (w * WANT_COLS) * 10) / 10);
      }
    }
    document.documentElement.style.setProperty('--font', fontPx + 'px');
  }

  function measure() {
    fitFont();
    const c = cellSize();
    const w = Math.max(1, Math.floor((screen.clientWidth - 4) / c.w));
    const h = Math.max(1, Math.floor((screen.clientHeight - 2) / c.h));
    return { cols: Math.min(w, 500), rows: Math.min(h, 200) };
  }

  // ---- messages to the server ----------------------------------------------

  function send(bytes) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(bytes);
  }

  function u16(v) { return [(v >> 8) & 255, v & 255]; }
  function u32(v) { return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]; }

  function auth(size) {
    const t = enc.encode(token).slice(0, 128);
    const n = enc.encode(nameEl.value.trim()).slice(0, 64);
    const msg = new Uint8Array(8 + t.length + n.length);
    msg.set([C.AUTH, VERSION, ...u16(size.cols), ...u16(size.rows), light.matches ? 1 : 0, t.length]);
    msg.set(t, 8);
    msg.set(n, 8 + t.length);
    return msg;
  }

  // ---- applying frames ------------------------------------------------------

  class Reader {
    constructor(buf) { this.v = new DataView(buf); this.b = new Uint8Array(buf); this.p = 0; }
    u8() { return this.v.getUint8(this.p++); }
    u16() { const x = this.v.getUint16(this.p); this.p += 2; return x; }
    u32() { const x = this.v.getUint32(this.p); this.p += 4; return x; }
    bytes(n) { const x = this.b.subarray(this.p, this.p + n); this.p += n; return x; }
    rest() { return this.b.subarray(this.p); }
  }

  function colour(r) { return [r.u8(), r.u8(), r.u8(), r.u8()]; }

  function apply(r, kind) {
    if (kind === S.FRAME) {
      seq = r.u32();
      cols = r.u16();
      rows = r.u16();
      grid = [];
      for (let y = 0; y < rows; y++) {
        const row = new Array(cols);
        for (let x = 0; x < cols; x++) row[x] = [' ', null];
        grid.push(row);
        dirtyRows.add(y);
      }
      layoutRows();
    } else {
      const next = r.u32();
      const base = r.u32();
      if (base !== seq) { reconnect('the screen fell out of step'); return false; }
      seq = next;
    }
    const n = r.u16();
    const styles = [];
    for (let i = 0; i < n; i++) styles.push(styleOf(colour(r), colour(r), r.u16()));
    const runs = r.u32();
    for (let i = 0; i < runs; i++) {
      const y = r.u16(), x = r.u16(), s = styles[r.u16()], k = r.u16();
      const row = grid[y];
      for (let j = 0; j < k; j++) {
        const len = r.u8();
        if (row && x + j < cols) row[x + j] = [len ? dec.decode(r.bytes(len)) : '', s];
        else r.bytes(len);
      }
      dirtyRows.add(y);
    }
    return true;
  }

  // A style as classes and, for colours outside the 16, CSS colours.
  const styleCache = new Map();
  const MOD = { BOLD: 1, DIM: 2, ITALIC: 4, UNDERLINED: 8, REVERSED: 64, HIDDEN: 128, CROSSED: 256 };

  function rgbOf(c) {
    if (c[0] === 18) return `rgb(${c[1]},${c[2]},${c[3]})`;
    if (c[0] === 17) {
      const i = c[1];
      if (i < 16) return null;
      if (i >= 232) { const g = 8 + (i - 232) * 10; return `rgb(${g},${g},${g})`; }
      const j = i - 16, lv = [0, 95, 135, 175, 215, 255];
      return `rgb(${lv[Math.floor(j / 36)]},${lv[Math.floor(j / 6) % 6]},${lv[j % 6]})`;
    }
    return null;
  }

  function named(c) {
    if (c[0] >= 1 && c[0] <= 16) return String(c[0]);
    if (c[0] === 17 && c[1] < 16) return String(c[1] + 1);
    return null;
  }

  function styleOf(fg, bg, mod) {
    const key = fg.join(',') + '|' + bg.join(',') + '|' + mod;
    let s = styleCache.get(key);
    if (s) return s;
    let f = fg, b = bg, fDefault = '0', bDefault = null;
    if (mod & MOD.REVERSED) { f = bg; b = fg; fDefault = 'B'; bDefault = 'F'; }
    const cls = [];
    let color = null, background = null;
    if (f[0] === 0) cls.push('f' + fDefault);
    else if (named(f)) cls.push('f' + named(f));
    else color = rgbOf(f);
    if (b[0] === 0) { if (bDefault) cls.push('k' + bDefault); }
    else if (named(b)) cls.push('k' + named(b));
    else background = rgbOf(b);
    if (mod & MOD.BOLD) cls.push('b');
    if (mod & MOD.DIM) cls.push('d');
    if (mod & MOD.ITALIC) cls.push('i');
    if (mod & MOD.UNDERLINED) cls.push('u');
    if (mod & MOD.CROSSED) cls.push('x');
    if (mod & MOD.HIDDEN) cls.push('h');
    s = { cls: cls.join(' '), color, background };
    styleCache.set(key, s);
    return s;
  }

  // ---- painting ----------------------------------------------------------------

  function layoutRows() {
    while (rowEls.length < rows) {
      const el = document.createElement('div');
      el.className = 'row';
      screen.appendChild(el);
      rowEls.push(el);
    }
    while (rowEls.length > rows) rowEls.pop().remove();
  }

  function span(text, cells, style) {
    const el = document.createElement('span');
    el.textContent = text;
    el.style.width = cells + 'ch';
    if (style) {
      if (style.cls) el.className = style.cls;
      if (style.color) el.style.color = style.color;
      if (style.background) el.style.background = style.background;
    }
    return el;
  }

  // A row as spans: runs of one style, a wide character a span of its own.
  function paintRow(y) {
    const row = grid[y], el = rowEls[y];
    if (!row || !el) return;
    const parts = [];
    let x = 0;
    while (x < cols) {
      const style = row[x][1];
      if (x + 1 < cols && row[x + 1][0] === '') {
        parts.push(span(row[x][0], 2, style));
        x += 2;
        continue;
      }
      let text = '', n = 0;
      while (x < cols && row[x][1] === style && !(x + 1 < cols && row[x + 1][0] === '')) {
        text += row[x][0];
        n++;
        x++;
      }
      if (n === 0) { parts.push(span(row[x][0] || ' ', 1, style)); x++; continue; }
      parts.push(span(text, n, style));
    }
    el.replaceChildren(...parts);
  }

  let frameRequested = false;
  function schedulePaint() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      for (const y of dirtyRows) paintRow(y);
      dirtyRows.clear();
      if (seq !== painted) {
        painted = seq;
        send(new Uint8Array([C.ACK, ...u32(seq)]));
        screen.dataset.seq = String(seq);
      }
    });
  }

  // ---- the connection ---------------------------------------------------------

  function connect() {
    clearTimeout(retryTimer);
    if (!token) {
      say('no token');
      show('This link has no token: paste the whole link the presenter shared, with the part after #.');
      return;
    }
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    say('connecting…');
    ws.onopen = () => {
      send(auth(measure()));
      clearInterval(pingTimer);
      let n = 0;
      pingTimer = setInterval(() => send(new Uint8Array([C.PING, ...u32(++n)])), PING_EVERY);
    };
    ws.onmessage = (ev) => {
      const r = new Reader(ev.data);
      const kind = r.u8();
      if (kind === S.FRAME || kind === S.DIFF) {
        if (apply(r, kind)) {
          backoff = 1000;
          show('');
          schedulePaint();
        }
      } else if (kind === S.STATUS) {
        say(dec.decode(r.rest()));
      } else if (kind === S.BYE) {
        show(dec.decode(r.rest()));
      }
    };
    ws.onclose = (ev) => {
      clearInterval(pingTimer);
      ws = null;
      if (ev.code === CLOSE.NOT_FOUND) {
        giveUp = true;
        say('not found');
        show('This link is not valid, or its meeting has ended. Ask the presenter for the link again.');
      } else if (ev.code === CLOSE.ENDED || ev.code === CLOSE.PROTOCOL) {
        giveUp = true;
        say('closed');
        show((ev.reason || 'The session ended.') + ' Reload the page to follow again.');
      } else if (ev.code === CLOSE.VERSION) {
        giveUp = true;
        show(ev.reason || 'Reload the page.');
      } else if (ev.code === CLOSE.REFUSED) {
        say('waiting');
        show(ev.reason || 'Turned away for now.');
        retry(15000);
      } else {
        say('reconnecting…');
        if (grid.length) show('The connection was lost; reconnecting…');
        retry(backoff);
        backoff = Math.min(backoff * 2, 30000);
      }
    };
  }

  function retry(ms) {
    if (giveUp) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, ms);
  }

  function reconnect(why) {
    if (ws) { ws.onclose = null; ws.close(); ws = null; }
    say(why);
    retry(200);
  }

  // ---- keys: the bytes a terminal sends ----------------------------------------

  const KEYS = {
    Enter: '\r', Backspace: '\x7f', Tab: '\t', Escape: '\x1b',
    ArrowUp: '\x1b[A', ArrowDown: '\x1b[B', ArrowRight: '\x1b[C', ArrowLeft: '\x1b[D',
    Home: '\x1b[H', End: '\x1b[F', PageUp: '\x1b[5~', PageDown: '\x1b[6~', Delete: '\x1b[3~', Insert: '\x1b[2~',
    F1: '\x1bOP', F2: '\x1bOQ', F3: '\x1bOR', F4: '\x1bOS',
  };

  function keyBytes(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return null; // the browser's own
    if (ev.key === 'Tab' && ev.shiftKey) return '\x1b[Z';
    if (KEYS[ev.key]) return KEYS[ev.key];
    if ([...ev.key].length === 1) return ev.key;
    return null;
  }

  document.addEventListener('keydown', (ev) => {
    if (ev.target === nameEl) return;
    const k = keyBytes(ev);
    if (k === null || !ws) return;
    ev.preventDefault();
    const b = enc.encode(k);
    if (b.length > 16) return;
    const msg = new Uint8Array(1 + b.length);
    msg[0] = C.KEY;
    msg.set(b, 1);
    send(msg);
  });

  // ---- resizing, the colour scheme, the name, the font ----------------------------

  let resizeTimer = 0;
  function resized() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      const s = measure();
      if (s.cols !== cols || s.rows !== rows) send(new Uint8Array([C.RESIZE, ...u16(s.cols), ...u16(s.rows)]));
    }, 80);
  }
  window.addEventListener('resize', resized);

  light.addEventListener('change', () => send(new Uint8Array([C.THEME, light.matches ? 1 : 0])));

  nameEl.addEventListener('change', () => {
    try { localStorage.setItem('dealscope-name', nameEl.value.trim()); } catch (e) { /* storage off */ }
    if (!giveUp) reconnect('renamed');
  });
  nameEl.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { nameEl.blur(); screen.focus(); } });

  function zoom(by) {
    fontChosen = true;
    fontPx = Math.min(MAX_FONT, Math.max(MIN_FONT, Math.round(fontPx + by)));
    resized();
  }
  document.getElementById('smaller').addEventListener('click', () => zoom(-1));
  document.getElementById('larger').addEventListener('click', () => zoom(1));

  screen.focus();
  connect();
})();
