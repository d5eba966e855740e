import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { ClientEvents, ServerEvents, type CallType, type IceServerConfig } from '@rendezvous/contracts';
import { APP_CONFIG } from '../core/app-config';
import { MEDIA_DEVICES, MEDIA_STREAM_FACTORY, PEER_CONNECTION_FACTORY, TIMERS, VIDEO_CODEC_CAPABILITIES, WINDOW } from '../core/browser-tokens';
import { PERF_MARK } from '../core/perf-marks';
import { SessionApi } from '../session/session-api';
import { AddressPrivacyService } from './privacy/address-privacy.service';
import { SessionService } from '../session/session.service';
import { SocketService } from '../socket/socket.service';
import { CallSession, type CallSnapshot } from './logic/call-session';
import { installTestHook } from './test-hook';

/** Angular face of the call: socket events in, signals out. The logic lives in ./logic. */
@Injectable({ providedIn: 'root' })
export class CallService {
  private readonly socket = inject(SocketService);
  private readonly api = inject(SessionApi);
  private readonly session = inject(SessionService);
  private readonly config = inject(APP_CONFIG);
  private readonly win = inject(WINDOW);
  private readonly mark = inject(PERF_MARK);
  private readonly privacy = inject(AddressPrivacyService);
  private iceServers: IceServerConfig[] = [];
  private readonly call: CallSession;

  readonly snapshot = signal<CallSnapshot>(null as unknown as CallSnapshot);
  readonly phase = computed(() => this.snapshot().state.phase);
  readonly callType = computed(() => this.snapshot().state.callType);
  readonly inCall = computed(() => !['idle', 'incoming'].includes(this.phase()));

  constructor() {
    const socket = this.socket;
    const createPeerConnection = inject(PEER_CONNECTION_FACTORY);
    this.call = new CallSession({
      // Every call takes the ICE transport policy of the moment: relay-only when the operator or the person wants it.
      createPeerConnection: (config) => createPeerConnection({ ...config, iceTransportPolicy: this.privacy.policy() }),
      createMediaStream: inject(MEDIA_STREAM_FACTORY),
      mediaDevices: inject(MEDIA_DEVICES),
      videoCodecs: inject(VIDEO_CODEC_CAPABILITIES),
      timers: inject(TIMERS),
      now: () => Date.now(),
      iceServers: () => this.iceServers,
      iceTimeoutMs: this.config.iceTimeoutMs,
      callTimeoutMs: this.config.callTimeoutMs,
      mark: this.mark,
      signaling: {
        offer: (payload) => socket.emit(ClientEvents.Offer, payload),
        answer: (payload) => socket.emit(ClientEvents.Answer, payload),
        candidate: (payload) => socket.emit(ClientEvents.IceCandidate, payload),
        end: () => socket.emit(ClientEvents.CallEnd, {}),
        reject: () => socket.emit(ClientEvents.CallReject, {}),
      },
    });
    this.snapshot.set(this.call.snapshot);
    this.call.subscribe((snapshot) => this.snapshot.set(snapshot));

    socket.on(ServerEvents.Offer, ({ offer, type, callId, from }) => void this.call.onOffer({ offer, type, callId, from }));
    socket.on(ServerEvents.Answer, ({ answer, callId, from }) => void this.call.onAnswer({ answer, callId, from }));
    socket.on(ServerEvents.IceCandidate, ({ candidate, from }) => void this.call.onCandidate({ candidate, from }));
    socket.on(ServerEvents.CallEnd, ({ from }) => this.call.onRemoteEnd(from));
    socket.on(ServerEvents.CallReject, ({ from }) => this.call.onRemoteReject(from));
    socket.on(ServerEvents.CallTimeout, () => this.call.onTimeout());

    const unload = () => this.call.dispose();
    this.win.addEventListener('pagehide', unload);
    inject(DestroyRef).onDestroy(() => {
      this.win.removeEventListener('pagehide', unload);
      this.call.dispose();
    });
    if (this.config.testHooks) installTestHook(this.win, this.call);
  }

  /** ICE servers from the server; on loopback, host candidates are enough if it has none. */
  async loadIceServers(): Promise<void> {
    const token = this.session.token;
    if (!token) return;
    this.mark('ice-config-requested');
    try {
      const config = await this.api.iceConfig(token);
      this.iceServers = config.iceServers;
      this.privacy.useSettings(config);
    } catch {
      this.iceServers = [];
    }
    this.mark('ice-config-loaded');
  }

  /** A (new or restored) partner: who it is, the negotiation role; fresh ICE servers (TURN credentials expire). */
  onMatched(partnerId: string, initiator: boolean): void {
    this.call.setPartner(partnerId, initiator);
    void this.loadIceServers();
  }

  start(type: CallType): void {
    void this.call.startCall(type);
  }

  accept(): void {
    void this.call.accept();
  }

  decline(): void {
    this.call.decline();
  }

  hangUp(): void {
    this.call.hangUp();
  }

  toggleMute(): void {
    this.call.toggleMute();
  }

  toggleCamera(): void {
    this.call.toggleCamera();
  }

  /** The pairing is over: end any call, free everything. */
  onPartnerLeft(): void {
    this.call.onPartnerLeft();
  }

  /** A new partner: drop any leftover call state without signaling anyone. */
  reset(): void {
    this.call.onPartnerLeft();
    this.call.clearMessages();
  }

  /** Leaving on purpose (Next / Stop): end the call and forget the last call's messages. */
  leave(): void {
    this.call.hangUp();
    this.call.onPartnerLeft();
    this.call.clearMessages();
  }
}
