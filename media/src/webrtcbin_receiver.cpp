// WebrtcbinReceiver: the public methods, and answering each offer (the first one and every
// renegotiation) with webrtcbin. The pipeline is built in receiver_pipeline.cpp.
#include "receiver_impl.hpp"
#include "webrtc_common.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string_view>

namespace telecentre::media {
namespace {

// An SDP as text: the session part, then one block per m-line (from its "m=" line on).
struct SdpSections {
    std::string session;
    std::vector<std::string> media;
};

SdpSections split_sections(const std::string& sdp) {
    SdpSections sections;
    std::size_t start = 0;
    bool in_media = false;
    while (start < sdp.size()) {
        std::size_t end = sdp.find('\n', start);
        end = end == std::string::npos ? sdp.size() : end + 1;
        const std::string_view line{sdp.data() + start, end - start};
        if (line.starts_with("m=")) {
            sections.media.emplace_back();
            in_media = true;
        }
        (in_media ? sections.media.back() : sections.session) += line;
        start = end;
    }
    return sections;
}

std::string join_sections(const SdpSections& sections) {
    std::string sdp = sections.session;
    for (const auto& media : sections.media) {
        sdp += media;
    }
    return sdp;
}

// Puts `mid` into the BUNDLE group of the session part (Janus may leave a disabled m-line out).
void keep_in_bundle(std::string& session, const std::string& mid) {
    const auto group = session.find("a=group:BUNDLE");
    if (group == std::string::npos) {
        return;
    }
    auto end = session.find_first_of("\r\n", group);
    end = end == std::string::npos ? session.size() : end;
    const std::string members = session.substr(group, end - group) + " ";
    if (members.find(" " + mid + " ") == std::string::npos) {
        session.insert(end, " " + mid);
    }
}

// The m-section `shown` with the transport lines (ICE credentials, DTLS fingerprint and role)
// that `current` has: after an ICE restart the copy of an old m-section must not bring back the
// old credentials into the bundle.
std::string with_transport_of(const std::string& shown, const std::string& current) {
    constexpr std::array<std::string_view, 4> kTransport{"a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:", "a=setup:"};
    auto line_of = [](const std::string& block, std::string_view prefix) -> std::optional<std::string> {
        const auto at = block.starts_with(prefix) ? 0 : block.find("\n" + std::string{prefix});
        if (at == std::string::npos) {
            return std::nullopt;
        }
        const auto start = block.starts_with(prefix) ? 0 : at + 1;
        const auto end = block.find('\n', start);
        return block.substr(start, end == std::string::npos ? std::string::npos : end + 1 - start);
    };
    std::string result = shown;
    for (const auto prefix : kTransport) {
        const auto now = line_of(current, prefix);
        const auto then = line_of(result, prefix);
        if (now && then) {
            result.replace(result.find(*then), then->size(), *now);
        }
    }
    return result;
}

// The answer's m-line as the peer must read it for an m-line it disabled: port 0, inactive.
void disable_in_answer(std::string& media) {
    const auto port = media.find(' ');
    const auto port_end = port == std::string::npos ? port : media.find(' ', port + 1);
    if (port_end != std::string::npos) {
        media.replace(port + 1, port_end - port - 1, "0");
    }
    for (const char* direction : {"a=recvonly", "a=sendrecv", "a=sendonly"}) {
        if (const auto at = media.find(direction); at != std::string::npos) {
            media.replace(at, std::string_view{direction}.size(), "a=inactive");
        }
    }
}

} // namespace

WebrtcbinReceiver::WebrtcbinReceiver(ReceiverConfig config, ReceiverCallbacks callbacks)
    : m_impl{std::make_unique<Impl>(std::move(config), std::move(callbacks))} {
    m_impl->prepare_output();
}
WebrtcbinReceiver::~WebrtcbinReceiver() { m_impl->close(); }
void WebrtcbinReceiver::set_remote_offer(std::string sdp) { m_impl->set_remote_offer(std::move(sdp)); }
void WebrtcbinReceiver::set_remote_description(SdpType type, std::string sdp) {
    if (type == SdpType::offer) {
        m_impl->set_remote_offer(std::move(sdp));
    } else {
        m_impl->refuse_answer();
    }
}
void WebrtcbinReceiver::add_remote_candidate(unsigned mline_index, std::string candidate) {
    m_impl->add_remote_candidate(mline_index, std::move(candidate));
}
std::shared_ptr<FrameMailbox> WebrtcbinReceiver::video(const std::string& mid) const { return m_impl->video(mid); }
ReceiverStats WebrtcbinReceiver::stats() const { return m_impl->stats(); }
void WebrtcbinReceiver::close() { m_impl->close(); }

WebrtcbinReceiver::Impl::Impl(ReceiverConfig config, ReceiverCallbacks callbacks)
    : m_config{std::move(config)}, m_callbacks{std::move(callbacks)} {}

void WebrtcbinReceiver::Impl::prepare_output() {
    if (m_config.echo_probe_name.empty()) {
        return; // built at the first offer
    }
    auto done = std::make_shared<std::promise<void>>();
    auto ready = done->get_future();
    m_loop.post([this, done] {
        if (m_pipeline == nullptr && !m_closing) {
            (void)build_pipeline(); // a failure is reported through on_error / on_state
        }
        done->set_value();
    });
    (void)ready.wait_for(std::chrono::seconds{5});
}

WebrtcbinReceiver::Impl::~Impl() { close(); }

void WebrtcbinReceiver::Impl::set_remote_offer(std::string sdp) {
    m_loop.post([this, sdp = std::move(sdp)]() mutable {
        if (m_closing) {
            return;
        }
        m_offers.push_back(std::move(sdp));
        next_offer();
    });
}

void WebrtcbinReceiver::Impl::refuse_answer() {
    m_loop.post([this] {
        if (!m_closing) {
            report_error("remote answer: this receiver never offers, it answers Janus's offers");
        }
    });
}

void WebrtcbinReceiver::Impl::add_remote_candidate(unsigned mline_index, std::string candidate) {
    m_loop.post([this, mline_index, candidate = std::move(candidate)] {
        apply_candidate(mline_index, candidate, CandidateArrival::now);
    });
}

void WebrtcbinReceiver::Impl::close() {
    if (m_loop.on_loop_thread()) {
        if (m_close_requested.exchange(true)) {
            return;
        }
    } else {
        m_close_requested = true;
    }
    m_loop.stop([this] { teardown(); });
}

std::shared_ptr<FrameMailbox> WebrtcbinReceiver::Impl::video(const std::string& mid) const {
    const auto stream = find_stream(mid);
    return stream != nullptr ? stream->mailbox : nullptr;
}

std::shared_ptr<WebrtcbinReceiver::Impl::Stream> WebrtcbinReceiver::Impl::find_stream(const std::string& mid) const {
    std::lock_guard lock{m_streams_mutex};
    return find_stream_locked(mid);
}

std::shared_ptr<WebrtcbinReceiver::Impl::Stream>
WebrtcbinReceiver::Impl::find_stream_locked(const std::string& mid) const {
    for (const auto& stream : m_streams) {
        if (stream->mid == mid) {
            return stream;
        }
    }
    return nullptr;
}

ReceiverStats WebrtcbinReceiver::Impl::stats() const {
    ReceiverStats stats;
    {
        std::lock_guard lock{m_streams_mutex};
        for (const auto& stream : m_streams) {
            ReceivedStreamStats entry;
            entry.mid = stream->mid;
            entry.kind = stream->kind;
            entry.mline_index = stream->mline_index.load();
            entry.active = stream->active.load();
            entry.video_frames_decoded = stream->counters->video_frames_decoded.load();
            entry.audio_buffers_received = stream->counters->audio_buffers_received.load();
            entry.audio_samples_received = stream->counters->audio_samples_received.load();
            entry.audio_level = stream->counters->remote_audio_level.load();
            stats.streams.push_back(std::move(entry));
        }
    }
    std::ranges::sort(stats.streams, {}, &ReceivedStreamStats::mline_index);
    stats.answers = m_answers.load();
    stats.audio_buffers_played = m_audio_played.load();
    stats.state = m_state.load();
    stats.ice_state = m_ice_state.load();
    return stats;
}

// One offer at a time: webrtcbin answers an offer only from the stable state, so a renegotiation
// that comes while the previous answer is being made waits for it.
void WebrtcbinReceiver::Impl::next_offer() {
    if (m_negotiating || m_offers.empty() || m_closing) {
        return;
    }
    m_negotiating = true;
    const std::string sdp = std::move(m_offers.front());
    m_offers.pop_front();
    apply_offer(sdp);
}

void WebrtcbinReceiver::Impl::finish_negotiation() {
    m_negotiating = false;
    next_offer();
}

void WebrtcbinReceiver::Impl::apply_offer(const std::string& sdp) {
    auto planned = plan_receive(sdp);
    if (!planned) {
        report_error("remote offer: " + planned.error());
        finish_negotiation();
        return;
    }
    const std::vector<OfferedStream>& offered = *planned;
    const bool decodable = std::ranges::any_of(offered, [](const auto& s) { return s.sending && s.payload_type >= 0; });
    const bool sending = std::ranges::any_of(offered, [](const auto& s) { return s.sending; });
    if (!decodable && sending) {
        report_error("remote offer: it sends no Opus audio nor VP8/H.264 video");
        finish_negotiation();
        return;
    }
    if (!sending && m_answers == 0) {
        // Every m-line inactive is how Janus says the last participant left; as a first offer it
        // is rather an answer (recvonly) sent here by mistake.
        report_error("remote offer: it sends nothing (an answer where an offer was expected?)");
        finish_negotiation();
        return;
    }
    if (m_pipeline == nullptr && !build_pipeline()) {
        finish_negotiation();
        return;
    }
    for (const auto& stream : offered) {
        if (stream.sending && stream.payload_type < 0) {
            report_error("remote offer: mid " + stream.mid + " has no codec we decode; it is not played");
        }
        // Added before the offer is set, in m-line order: webrtcbin 1.22 gives each new m-line the
        // first unassociated transceiver of its kind, and answers with its codec preferences (the
        // offer's payload type, and only the codec we decode).
        if (stream.sending && stream.payload_type >= 0 && !m_transceivers.contains(stream.mid) &&
            !m_mlines_with_transceiver.contains(stream.mline_index)) {
            add_transceiver(stream);
            m_mlines_with_transceiver.insert(stream.mline_index);
        }
    }
    // webrtcbin 1.22 cannot turn an inactive transceiver back on ("transceiver direction changes
    // are not implemented"), and Janus gives a departed participant's m-line (port 0, inactive)
    // to the next one who joins, under the same mid. So webrtcbin never sees a stream stop: an
    // m-line the peer disabled is shown to it as it was when last sending, and only the answer
    // the peer reads says port 0, inactive (on_answer_created). Its decoding branch stays in
    // place, idle, until the slot is reused.
    SdpSections sections = split_sections(sdp);
    std::set<unsigned> kept;
    for (const auto& stream : offered) {
        if (stream.mline_index >= sections.media.size()) {
            continue;
        }
        std::string& block = sections.media[stream.mline_index];
        if (stream.sending && stream.payload_type >= 0) {
            m_last_sending[stream.mid] = block;
        } else if (const auto last = m_last_sending.find(stream.mid); last != m_last_sending.end()) {
            block = with_transport_of(last->second, block);
            keep_in_bundle(sections.session, stream.mid);
            kept.insert(stream.mline_index);
        }
    }
    // A new stream's entry exists before the offer is set: webrtcbin adds the stream's source pad
    // as soon as its first packet comes, which, for a peer already sending (Janus after an update),
    // can be before set-remote-description's promise is answered; a pad whose mid had no entry yet
    // went to a fakesink, and that participant's picture never came. on_offer_set turns the entry
    // on and reports it. (An m-line recycled under a new mid keeps its branch: on_offer_set.)
    {
        std::lock_guard lock{m_streams_mutex};
        // Before the offer is set: packets of a new SSRC may come as soon as Janus sent it.
        for (const auto& offer : offered) {
            if (offer.sending && offer.payload_type >= 0) {
                for (const std::uint32_t ssrc : offer.ssrcs) {
                    m_ssrc_mid[ssrc] = offer.mid;
                }
            }
        }
        for (const auto& offer : offered) {
            const bool known = std::ranges::any_of(m_streams, [&](const auto& s) { return s->mid == offer.mid; });
            const bool recycled = std::ranges::any_of(m_streams, [&](const auto& old) {
                return old->mline_index == offer.mline_index && old->kind == offer.kind && !old->active;
            });
            if (known || recycled || !offer.sending || offer.payload_type < 0) {
                continue;
            }
            auto stream = std::make_shared<Stream>();
            stream->mid = offer.mid;
            stream->kind = offer.kind;
            stream->mline_index = offer.mline_index;
            stream->active = false;
            if (offer.kind == StreamKind::video) {
                stream->mailbox = std::make_shared<FrameMailbox>();
            }
            m_streams.push_back(std::move(stream));
        }
    }
    const std::string shown = join_sections(sections);
    GstSDPMessage* message = nullptr;
    if (gst_sdp_message_new_from_text(shown.c_str(), &message) != GST_SDP_OK) {
        if (message != nullptr) {
            gst_sdp_message_free(message);
        }
        report_error("remote offer: not SDP");
        finish_negotiation();
        return;
    }
    GstWebRTCSessionDescription* description = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, message);
    const unsigned mline_count = gst_sdp_message_medias_len(message);
    emit_with_promise(m_webrtc, "set-remote-description", description, m_loop.gate(),
                      [this, offered, mline_count, kept](GstStructure* reply) {
                          if (m_closing) {
                              return;
                          }
                          if (auto error = reply_error(reply)) {
                              report_error("remote offer refused: " + *error);
                              finish_negotiation();
                              return;
                          }
                          m_mline_count = mline_count;
                          m_disabled_mlines = kept;
                          on_offer_set(offered);
                      });
    gst_webrtc_session_description_free(description);
}

void WebrtcbinReceiver::Impl::on_offer_set(const std::vector<OfferedStream>& offered) {
    std::vector<Change> changes;
    {
        std::lock_guard lock{m_streams_mutex};
        for (const auto& stream : m_streams) {
            const auto now = std::ranges::find(offered, stream->mid, &OfferedStream::mid);
            const bool sends = now != offered.end() && now->sending && now->payload_type >= 0;
            if (now != offered.end()) {
                stream->mline_index = now->mline_index;
            }
            if (stream->active && !sends) {
                stream->active = false;
                if (stream->mailbox) {
                    stream->mailbox->discard(); // never the last picture of a participant who left
                }
                changes.push_back(Change{stream->mid, stream->kind, false});
            } else if (!stream->active && sends) {
                stream->active = true;
                changes.push_back(Change{stream->mid, stream->kind, true});
            }
        }
        for (const auto& offer : offered) {
            const bool known = std::ranges::any_of(m_streams, [&](const auto& s) { return s->mid == offer.mid; });
            if (known || !offer.sending || offer.payload_type < 0) {
                continue;
            }
            auto stream = std::make_shared<Stream>();
            stream->mid = offer.mid;
            stream->kind = offer.kind;
            stream->mline_index = offer.mline_index;
            stream->active = true;
            if (offer.kind == StreamKind::video) {
                stream->mailbox = std::make_shared<FrameMailbox>();
            }
            // An m-line recycled under a new mid: webrtcbin keeps its source pad, and so the
            // decoding branch linked to it, whose mailbox and counters the new mid takes over
            // (counted from 0). The old mid is gone for good (JSEP never reuses a mid).
            const auto previous = std::ranges::find_if(m_streams, [&](const auto& old) {
                return old->mline_index == offer.mline_index && old->kind == offer.kind && !old->active;
            });
            if (previous != m_streams.end()) {
                stream->mailbox = (*previous)->mailbox;
                stream->counters = (*previous)->counters;
                stream->branch = (*previous)->branch;
                stream->counters->video_frames_decoded = 0;
                stream->counters->audio_buffers_received = 0;
                stream->counters->audio_samples_received = 0;
                stream->counters->remote_audio_level = 0.0;
                if (stream->mailbox) {
                    stream->mailbox->discard();
                }
                m_streams.erase(previous);
            }
            m_streams.push_back(std::move(stream));
            changes.push_back(Change{offer.mid, offer.kind, true});
        }
    }
    relink_parked();
    for (const auto& change : changes) {
        if (change.added && m_callbacks.on_stream_added) {
            m_callbacks.on_stream_added(change.mid, change.kind);
        } else if (!change.added && m_callbacks.on_stream_removed) {
            m_callbacks.on_stream_removed(change.mid);
        }
    }
    for (const auto& [mline_index, candidate] : std::exchange(m_early_candidates, {})) {
        apply_candidate(mline_index, candidate, CandidateArrival::replayed);
    }
    emit_with_promise(m_webrtc, "create-answer", nullptr, m_loop.gate(), [this](GstStructure* reply) {
        if (m_closing) {
            return;
        }
        GstWebRTCSessionDescription* answer = nullptr;
        // The offer is set and webrtcbin 1.22 has no rollback: without an answer no later offer
        // can be answered on this connection.
        if (auto error = reply_error(reply)) {
            fail("cannot create the answer (" + *error + "): recreate the receiver");
        } else if (reply == nullptr ||
                   !gst_structure_get(reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, nullptr)) {
            fail("cannot create the answer: recreate the receiver");
        } else {
            on_answer_created(answer);
            gst_webrtc_session_description_free(answer);
            return;
        }
        finish_negotiation();
    });
}

void WebrtcbinReceiver::Impl::on_answer_created(GstWebRTCSessionDescription* answer) {
    limit_received_video(answer->sdp, m_config.receive_video_kbps);
    gchar* text = gst_sdp_message_as_text(answer->sdp);
    SdpSections sections = split_sections(text != nullptr ? text : "");
    g_free(text);
    for (const unsigned index : m_disabled_mlines) {
        if (index < sections.media.size()) {
            disable_in_answer(sections.media[index]);
        }
    }
    std::string sdp = join_sections(sections);
    emit_with_promise(m_webrtc, "set-local-description", answer, m_loop.gate(),
                      [this, sdp = std::move(sdp)](GstStructure* reply) {
                          if (m_closing) {
                              return;
                          }
                          if (auto error = reply_error(reply)) {
                              // The offer is set and webrtcbin 1.22 has no rollback: no later
                              // offer can be answered on this connection.
                              fail("the answer was refused (" + *error +
                                   "): this connection cannot negotiate again, recreate the receiver");
                          } else {
                              ++m_answers;
                              if (m_callbacks.on_local_description) {
                                  m_callbacks.on_local_description(sdp);
                              }
                          }
                          finish_negotiation();
                      });
}

void WebrtcbinReceiver::Impl::apply_candidate(unsigned mline_index, const std::string& candidate,
                                              CandidateArrival arrival) {
    if (m_closing || candidate.empty()) {
        return;
    }
    if (!looks_like_candidate(candidate)) {
        report_error("remote candidate: not an ICE candidate line");
        return;
    }
    // A candidate may come before the offer that brings its m-line (a renegotiation adds m-lines,
    // and the peer gathers for them before we have its offer): it waits for the next offer.
    if (mline_index >= m_mline_count && arrival == CandidateArrival::now &&
        m_early_candidates.size() < kMaximumEarlyCandidates) {
        m_early_candidates.emplace_back(mline_index, candidate);
        return;
    }
    if (mline_index >= m_mline_count) {
        report_error("remote candidate: no m-line " + std::to_string(mline_index));
        return;
    }
    const std::string line = candidate.starts_with("a=") ? candidate.substr(2) : candidate;
    g_signal_emit_by_name(m_webrtc, "add-ice-candidate", mline_index, line.c_str());
}

void WebrtcbinReceiver::Impl::on_connection_state(GstWebRTCPeerConnectionState state) {
    switch (state) {
    case GST_WEBRTC_PEER_CONNECTION_STATE_NEW: break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTING: set_state(CallState::connecting); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED: set_state(CallState::connected); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED: set_state(CallState::disconnected); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED: set_state(CallState::failed); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED: break; // ours comes from teardown()
    }
}

void WebrtcbinReceiver::Impl::set_state(CallState state) {
    if (m_state.exchange(state) == state) {
        return;
    }
    if (m_callbacks.on_state) {
        m_callbacks.on_state(state);
    }
}

void WebrtcbinReceiver::Impl::report_error(const std::string& message) {
    if (m_callbacks.on_error) {
        m_callbacks.on_error(message);
    }
}

void WebrtcbinReceiver::Impl::fail(const std::string& message) {
    report_error(message);
    set_state(CallState::failed);
}

} // namespace telecentre::media
