// One visio-accueil call on the agent's side: the kiosk makes the offer, this page answers.
// Signalling goes through send(signal) (the live channel's call.signal); the kiosk's signals
// come in through receive(signal). Candidates that arrive before the offer is applied wait.

export class ReceptionCall {
  constructor({ callId, send, iceServers = [], onRemoteStream, onState }) {
    this.callId = callId;
    this.send = send;
    this.onRemoteStream = onRemoteStream;
    this.onState = onState;
    this.pending = [];
    this.closed = false;
    this.local = null;
    this.pc = new RTCPeerConnection({ iceServers });
    this.remote = new MediaStream();
    this.pc.ontrack = (event) => {
      this.remote.addTrack(event.track);
      this.onRemoteStream(this.remote);
    };
    this.pc.onicecandidate = (event) => {
      if (this.closed) {
        return;
      }
      if (!event.candidate || !event.candidate.candidate) {
        this.send({ kind: "end-of-candidates" });
        return;
      }
      this.send({
        kind: "candidate",
        candidate: event.candidate.candidate,
        sdp_mline_index: event.candidate.sdpMLineIndex ?? 0,
      });
    };
    this.pc.onconnectionstatechange = () => {
      if (!this.closed) {
        this.onState(this.pc.connectionState);
      }
    };
  }

  // The agent's camera and microphone, asked for at once on "answer" so that they are ready
  // when the offer arrives. Falls back to the microphone alone, then to receiving only.
  prepare(getUserMedia) {
    this.localReady = (async () => {
      for (const constraints of [{ audio: true, video: { width: 1280, height: 720 } }, { audio: true, video: false }]) {
        try {
          return await getUserMedia(constraints);
        } catch (problem) {
          console.warn("getUserMedia", constraints, problem?.name);
        }
      }
      return null;
    })();
    return this.localReady;
  }

  async receive(signal) {
    if (this.closed) {
      return;
    }
    if (signal.kind === "offer") {
      await this.pc.setRemoteDescription({ type: "offer", sdp: signal.sdp });
      this.local = await this.localReady;
      if (this.closed) {
        return;
      }
      if (this.local) {
        for (const track of this.local.getTracks()) {
          this.pc.addTrack(track, this.local);
        }
      }
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      this.send({ kind: "answer", sdp: this.pc.localDescription.sdp });
      for (const candidate of this.pending.splice(0)) {
        await this.addCandidate(candidate);
      }
    } else if (signal.kind === "candidate") {
      if (!this.pc.remoteDescription) {
        this.pending.push(signal);
      } else {
        await this.addCandidate(signal);
      }
    }
    // end-of-candidates: nothing to do; ICE completes with what it has.
  }

  async addCandidate(signal) {
    try {
      await this.pc.addIceCandidate({ candidate: signal.candidate, sdpMLineIndex: signal.sdp_mline_index });
    } catch (problem) {
      console.warn("addIceCandidate", problem?.message);
    }
  }

  setMicrophoneMuted(muted) {
    for (const track of this.local?.getAudioTracks() ?? []) {
      track.enabled = !muted;
    }
  }

  setCameraOff(off) {
    for (const track of this.local?.getVideoTracks() ?? []) {
      track.enabled = !off;
    }
  }

  // The kiosk offers no picture when it has no camera (a receive-only video line): no track.
  remoteHasVideo() {
    return this.remote.getVideoTracks().length > 0;
  }

  hasCamera() {
    return (this.local?.getVideoTracks().length ?? 0) > 0;
  }

  hasMicrophone() {
    return (this.local?.getAudioTracks().length ?? 0) > 0;
  }

  // Figures for people and tests: frames decoded and sent, audio received.
  async stats() {
    const totals = {
      framesDecoded: 0,
      framesSent: 0,
      keyFramesSent: 0,
      videoBytesSent: 0,
      pictureLossRequests: 0, // PLIs the kiosk sent for the agent's picture
      audioSamplesReceived: 0,
      audioBytesReceived: 0,
      audioPacketsSent: 0,
      // The browser's estimate of the bandwidth towards the kiosk (bit/s), from the congestion
      // controller's feedback; null before the connection is up.
      outgoingBitrateEstimate: null,
    };
    const report = await this.pc.getStats();
    report.forEach((entry) => {
      if (entry.type === "inbound-rtp" && entry.kind === "video") {
        totals.framesDecoded += entry.framesDecoded ?? 0;
      } else if (entry.type === "inbound-rtp" && entry.kind === "audio") {
        totals.audioSamplesReceived += entry.totalSamplesReceived ?? 0;
        totals.audioBytesReceived += entry.bytesReceived ?? 0;
      } else if (entry.type === "outbound-rtp" && entry.kind === "video") {
        totals.framesSent += entry.framesSent ?? entry.framesEncoded ?? 0;
        totals.keyFramesSent += entry.keyFramesEncoded ?? 0;
        totals.videoBytesSent += entry.bytesSent ?? 0;
        totals.pictureLossRequests += entry.pliCount ?? 0;
      } else if (entry.type === "outbound-rtp" && entry.kind === "audio") {
        totals.audioPacketsSent += entry.packetsSent ?? 0;
      } else if (entry.type === "candidate-pair" && entry.nominated && entry.availableOutgoingBitrate !== undefined) {
        totals.outgoingBitrateEstimate = entry.availableOutgoingBitrate;
      }
    });
    return totals;
  }

  // Idempotent: stops the camera and microphone and closes the connection.
  close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.localReady?.then((stream) => stream?.getTracks().forEach((track) => track.stop()));
    this.pc.close();
  }
}
