// One attempt at being in a conference room: a Janus session with a VideoRoom publisher handle
// (this guest's camera and microphone) and one subscriber handle carrying every other
// participant's streams (VideoRoom multistream, Janus 1.x). When the link is lost the attempt is
// over: the page makes a new one (guest.js), as the room may have been recreated meanwhile.
import { JanusSession } from "./janus_client.js";

const kPlugin = "janus.plugin.videoroom";
const wallClock = () => performance.timeOrigin + performance.now();

export class RoomConnection {
  // descriptor: the join descriptor (docs/conference.md); local: this guest's MediaStream or null;
  // events: {onFeeds(), onTrack(feedId, track), onLost(reason)}.
  constructor(descriptor, display, local, events) {
    this.descriptor = descriptor;
    this.display = display;
    this.local = local;
    this.events = events;
    this.feeds = new Map(); // feed id -> {id, display}
    this.midToFeed = new Map(); // subscriber m-line -> {feed, type}
    this.subscribed = new Set(); // feed ids asked for
    this.queue = Promise.resolve(); // subscriber negotiations, one at a time
    this.closed = false;
    // Wall-clock ms of the attempt's steps, the first time each happens (window.telecentreGuest).
    this.marks = {};
  }

  mark(name) {
    this.marks[name] ??= wallClock();
  }

  get rtcConfiguration() {
    return { iceServers: Array.isArray(this.descriptor.ice_servers) ? this.descriptor.ice_servers : [] };
  }

  async start() {
    const { janus, room, pin } = this.descriptor;
    this.session = new JanusSession(janus.ws, { token: janus.token });
    await this.session.open();
    this.mark("session");
    this.session.onLost = () => this.lose("link");
    this.publisher = await this.session.attach(kPlugin);
    this.publisher.onEvent = (event) => this.onPublisherEvent(event);
    this.publisher.onCore = (name) => name === "hangup" && this.lose("publisher-hangup");
    const { data } = await this.publisher.message({ request: "join", ptype: "publisher", room, pin, display: this.display });
    this.id = data.id;
    this.privateId = data.private_id;
    this.mark("joined");
    this.addFeeds(data.publishers ?? []);
    if (this.local && this.local.getTracks().length > 0) {
      await this.publish();
    }
  }

  async publish() {
    const pc = new RTCPeerConnection(this.rtcConfiguration);
    this.publisherPc = pc;
    for (const track of this.local.getTracks()) {
      pc.addTransceiver(track, { direction: "sendonly", streams: [this.local] });
    }
    pc.onicecandidate = (event) => this.publisher.trickle(event.candidate);
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") {
        this.mark("publisherConnected");
      } else if (pc.connectionState === "failed") {
        this.lose("publisher-failed");
      }
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const { jsep } = await this.publisher.message({ request: "publish", display: this.display }, { type: offer.type, sdp: offer.sdp });
    if (this.closed) {
      return;
    }
    await pc.setRemoteDescription(jsep);
  }

  onPublisherEvent({ data }) {
    if (data.videoroom === "destroyed") {
      this.lose("room-destroyed");
      return;
    }
    if (data.videoroom !== "event") {
      return;
    }
    if (Array.isArray(data.publishers)) {
      this.addFeeds(data.publishers);
    }
    for (const gone of [data.leaving, data.unpublished]) {
      if (gone !== undefined && gone !== "ok" && this.feeds.has(gone)) {
        this.removeFeed(gone);
      }
    }
  }

  addFeeds(publishers) {
    const fresh = [];
    for (const publisher of publishers) {
      if (publisher.id === this.id || publisher.dummy) {
        continue;
      }
      this.feeds.set(publisher.id, { id: publisher.id, display: publisher.display ?? "" });
      if (!this.subscribed.has(publisher.id)) {
        this.subscribed.add(publisher.id);
        fresh.push(publisher.id);
      }
    }
    this.events.onFeeds();
    if (fresh.length > 0) {
      this.negotiate(() => this.subscribe(fresh));
    }
  }

  removeFeed(id) {
    this.feeds.delete(id);
    this.subscribed.delete(id);
    for (const [mid, entry] of this.midToFeed) {
      if (entry.feed === id) {
        this.midToFeed.delete(mid);
      }
    }
    this.events.onFeeds();
    // Janus takes the feed's streams out of the subscription itself and sends a new offer.
  }

  negotiate(step) {
    this.queue = this.queue.then(step).catch((problem) => {
      // A feed that left between its announcement and our request (428 "no such feed") is
      // nothing to reconnect for: Janus's next offer no longer has it.
      if (problem?.code === 428) {
        return;
      }
      if (!this.closed) {
        console.warn("subscriber", problem?.message);
        this.lose("subscriber-failed");
      }
    });
    return this.queue;
  }

  async subscribe(feedIds) {
    if (this.closed) {
      return;
    }
    const streams = feedIds.filter((id) => this.feeds.has(id)).map((feed) => ({ feed }));
    if (streams.length === 0) {
      return;
    }
    let answer;
    if (!this.subscriber) {
      this.subscriber = await this.session.attach(kPlugin);
      this.subscriber.onEvent = (event) => this.onSubscriberEvent(event);
      const { room, pin } = this.descriptor;
      answer = await this.subscriber.message({ request: "join", ptype: "subscriber", room, pin, private_id: this.privateId, streams });
    } else {
      answer = await this.subscriber.message({ request: "subscribe", streams });
    }
    this.mapStreams(answer.data.streams);
    if (answer.jsep) {
      await this.answerOffer(answer.jsep);
    }
  }

  onSubscriberEvent({ data, jsep }) {
    if (data.streams) {
      this.mapStreams(data.streams);
    }
    if (jsep && jsep.type === "offer") {
      this.negotiate(() => this.answerOffer(jsep));
    }
  }

  mapStreams(streams) {
    if (!Array.isArray(streams)) {
      return;
    }
    for (const stream of streams) {
      if (stream.type === "data" || stream.mid === undefined) {
        continue;
      }
      if (stream.active === false || stream.feed_id === undefined) {
        this.midToFeed.delete(String(stream.mid));
      } else {
        this.midToFeed.set(String(stream.mid), { feed: stream.feed_id, type: stream.type });
      }
    }
  }

  async answerOffer(jsep) {
    if (this.closed) {
      return;
    }
    if (!this.subscriberPc) {
      const pc = new RTCPeerConnection(this.rtcConfiguration);
      this.subscriberPc = pc;
      pc.onicecandidate = (event) => this.subscriber.trickle(event.candidate);
      pc.ontrack = (event) => {
        const entry = this.midToFeed.get(String(event.transceiver.mid));
        if (entry) {
          this.mark(`${event.track.kind}Track`);
          this.events.onTrack(entry.feed, event.track);
        }
      };
      pc.onconnectionstatechange = () => {
        if (pc.connectionState === "connected") {
          this.mark("subscriberConnected");
        } else if (pc.connectionState === "failed") {
          this.lose("subscriber-failed");
        }
      };
    }
    this.mark("subscriberOffer");
    await this.subscriberPc.setRemoteDescription(jsep);
    const answer = await this.subscriberPc.createAnswer();
    await this.subscriberPc.setLocalDescription(answer);
    await this.subscriber.message({ request: "start" }, { type: answer.type, sdp: answer.sdp });
  }

  // The receivers of the subscription with the feed each belongs to, for statistics.
  receivers() {
    if (!this.subscriberPc) {
      return [];
    }
    const result = [];
    for (const transceiver of this.subscriberPc.getTransceivers()) {
      const entry = this.midToFeed.get(String(transceiver.mid));
      if (entry && this.feeds.has(entry.feed)) {
        result.push({ feed: entry.feed, kind: transceiver.receiver.track.kind, receiver: transceiver.receiver });
      }
    }
    return result;
  }

  lose(reason) {
    if (this.closed) {
      return;
    }
    this.close();
    this.events.onLost(reason);
  }

  // Leaves the room (Janus sees the session end) and lets every connection go.
  close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.publisher) {
      this.publisher.message({ request: "leave" }).catch(() => {});
    }
    this.publisherPc?.close();
    this.subscriberPc?.close();
    this.session?.close();
  }
}
