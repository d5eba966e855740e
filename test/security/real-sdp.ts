import { randomBytes } from 'node:crypto';

/** An SDP as Chrome writes it, with values unique to this call, and the secrets a log must never show. */
export function realSdp(kind: 'offer' | 'answer'): { description: { type: 'offer' | 'answer'; sdp: string }; secrets: string[] } {
  const ufrag = `uf${randomBytes(6).toString('hex')}`;
  const pwd = randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, 'x');
  const fingerprint = [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const lines = [
    'v=0',
    `o=- ${BigInt(`0x${randomBytes(7).toString('hex')}`)} 2 IN IP4 0.0.0.0`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    `a=setup:${kind === 'offer' ? 'actpass' : 'active'}`,
    'a=mid:0',
    'a=sendrecv',
    'a=rtpmap:111 opus/48000/2',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'c=IN IP4 0.0.0.0',
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=mid:1',
    'a=rtpmap:96 VP8/90000',
    '',
  ];
  return { description: { type: kind, sdp: lines.join('\r\n') }, secrets: [ufrag, pwd, fingerprint] };
}

/** A host candidate behind an mDNS name (no IP in it), and its unique parts. */
export function realCandidate(): { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number; usernameFragment: string }; secrets: string[] } {
  const foundation = String(1_000_000_000 + randomBytes(3).readUIntBE(0, 3));
  const host = `${randomBytes(16).toString('hex').replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5')}.local`;
  const ufrag = `cu${randomBytes(5).toString('hex')}`;
  return {
    candidate: { candidate: `candidate:${foundation} 1 udp 2113937151 ${host} 5${randomBytes(2).readUInt16BE(0) % 9000 + 1000} typ host generation 0 ufrag ${ufrag} network-cost 999`, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: ufrag },
    secrets: [host, `candidate:${foundation}`, ufrag],
  };
}
