/**
 * Init scripts that watch what a page does, added with Guest.open({ initScript }). They run in the page, in
 * every browser; what they keep (SDP, frames) stays in the page: tests read counts and names, never log content.
 */

/** Keeps every peer connection the app makes, and every candidate it gathers. */
export function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__recorded = { connections: [], candidates: [] };
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__recorded.connections.push(this);
      this.addEventListener('icecandidate', (event) => event.candidate?.candidate && window.__recorded.candidates.push(event.candidate.candidate));
    }
  };
}

/**
 * Watches the Socket.IO websocket: counts the events sent and received by name, keeps the payloads of the
 * webrtc:offer / webrtc:answer events received, and can hand one of them to the app again (a late duplicate),
 * or hold the next one back from the app until released (a late delivery).
 */
export function tapSocket() {
  const Native = window.WebSocket;
  const tap = { sent: {}, received: {}, descriptions: { 'webrtc:offer': [], 'webrtc:answer': [] }, socket: null, holding: null, held: [] };
  /** `42["event",payload]` (an ack id may follow the 42) → [event, payload] */
  const parse = (data) => {
    const match = typeof data === 'string' ? /^42\d*(\[.*)$/s.exec(data) : null;
    if (!match) return null;
    try {
      return JSON.parse(match[1]);
    } catch {
      return null;
    }
  };
  const count = (table, data) => {
    const event = parse(data);
    if (!event) return;
    table[event[0]] = (table[event[0]] ?? 0) + 1;
    if (table === tap.received && tap.descriptions[event[0]]) tap.descriptions[event[0]].push(event[1]);
  };
  window.__socketTap = tap;
  const deliver = (data) => tap.socket.dispatchEvent(new MessageEvent('message', { data }));
  tap.holdNext = (event) => (tap.holding = event);
  tap.release = () => tap.held.splice(0).forEach(deliver);
  /** Delivers the `index`-th received `event` (negative: from the end) to the app once more. */
  tap.redeliver = (event, index = -1) => {
    deliver(`42${JSON.stringify([event, tap.descriptions[event].at(index)])}`);
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      tap.socket = this;
      this.addEventListener('message', (message) => {
        if (tap.held.includes(message.data)) return;
        count(tap.received, message.data);
        if (tap.holding && parse(message.data)?.[0] === tap.holding) {
          tap.holding = null;
          tap.held.push(message.data);
          message.stopImmediatePropagation(); // the app's own listener comes after this one
        }
      });
    }

    send(data) {
      count(tap.sent, data);
      super.send(data);
    }
  };
}

/** In the page: the socket events counted so far, `{ sent: {event: n}, received: {event: n} }`. */
export function socketCounts() {
  return { sent: { ...window.__socketTap.sent }, received: { ...window.__socketTap.received } };
}

/**
 * In the page (with recordPeerConnections): the media sections of the latest connection's local and remote
 * descriptions, as kinds and codec names in order (`['VP8', 'H264', ...]`), and whether this browser can send
 * H.264 at all. Names only leave the page.
 */
export function negotiatedCodecs() {
  const sections = (sdp) =>
    (sdp ?? '')
      .split(/\r\n(?=m=)/)
      .slice(1)
      .map((section) => {
        const kind = /^m=(\w+)/.exec(section)[1];
        const payloads = /^m=\w+ \d+ \S+ ([\d ]+)/.exec(section)?.[1].split(' ') ?? [];
        const names = Object.fromEntries([...section.matchAll(/^a=rtpmap:(\d+) ([^/]+)/gm)].map(([, pt, name]) => [pt, name]));
        return { kind, codecs: payloads.map((pt) => names[pt]).filter((name) => name && !['rtx', 'red', 'ulpfec', 'flexfec-03'].includes(name)) };
      });
  const pc = window.__recorded.connections.at(-1);
  return {
    local: sections(pc?.localDescription?.sdp),
    remote: sections(pc?.remoteDescription?.sdp),
    canSendH264: RTCRtpSender.getCapabilities('video').codecs.some((codec) => /h264/i.test(codec.mimeType)),
  };
}

/** In the page: how many times the app noted `step` (User Timing marks `rdv:<step>`, on with testHooks). */
export function markCount(step) {
  return performance.getEntriesByName(`rdv:${step}`, 'mark').length;
}
