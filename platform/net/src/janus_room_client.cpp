// The room terminal's Janus client (janus_room_client.hpp): the WebSocket connection, the
// requests and the public side. What Janus says is sorted in janus_room_client_events.cpp.
#include "janus_room_client_impl.hpp"

#include <algorithm>

namespace telecentre::platform {

namespace {

constexpr std::size_t kOutgoingLimit = 1024;
constexpr std::size_t kQueuedCandidatesLimit = 256;
constexpr auto kSweepPeriod = std::chrono::milliseconds(250);

std::string without_a_prefix(std::string candidate) {
    if (candidate.starts_with("a=")) {
        candidate.erase(0, 2);
    }
    return candidate;
}

} // namespace

void JanusRoomClient::Impl::close_socket() {
    with_socket([](auto& ws) {
        beast::error_code ignored;
        auto& lowest = beast::get_lowest_layer(ws);
        lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest.close();
    });
}

void JanusRoomClient::Impl::finish() {
    phase = Phase::finished;
    keepalive_timer.cancel();
    sweep_timer.cancel();
    close_timer.cancel();
    resolver.cancel();
    close_socket();
    pending.clear();
    // `outgoing` stays: a write may still hold its front until its handler runs (aborted).
    work.reset();
}

void JanusRoomClient::Impl::lose(const std::string& reason) {
    if (phase == Phase::finished) {
        return;
    }
    const bool report = phase != Phase::leaving;
    finish();
    if (report) {
        emit(callbacks.on_lost, reason);
    }
}

std::string JanusRoomClient::Impl::transaction() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(16, '0');
    auto bits = random();
    for (auto& digit : id) {
        digit = kHex[bits & 0xF];
        bits >>= 4;
    }
    return id;
}

std::uint64_t JanusRoomClient::Impl::handle_of(JanusHandleRole role) const {
    return role == JanusHandleRole::publisher ? publisher_handle : subscriber_handle;
}

void JanusRoomClient::Impl::write(std::string text) {
    if (phase == Phase::finished) {
        return;
    }
    if (outgoing.size() >= kOutgoingLimit) {
        return lose("too many requests waiting to be sent to Janus");
    }
    outgoing.push_back(std::move(text));
    if (!writing) {
        write_next();
    }
}

void JanusRoomClient::Impl::write_next() {
    if (outgoing.empty() || phase == Phase::finished) {
        writing = false;
        return;
    }
    writing = true;
    with_socket([this](auto& ws) {
        ws.async_write(asio::buffer(outgoing.front()), [this](beast::error_code error, std::size_t) {
            if (phase == Phase::finished) {
                return;
            }
            outgoing.pop_front();
            if (error) {
                return lose("sending to Janus failed: " + error.message());
            }
            write_next();
        });
    });
}

void JanusRoomClient::Impl::run(const std::stop_token& stop) {
    std::stop_callback on_stop(stop, [this] { asio::post(io, [this] { shut_down(); }); });
    asio::post(io, [this] { connect(); });
    for (;;) {
        try {
            io.run();
            return;
        } catch (...) {
            // Handlers are guarded; this is Asio running out of memory or the like. Keep
            // the thread: leave() relies on it to finish.
        }
    }
}

void JanusRoomClient::Impl::connect() {
    if (phase != Phase::connecting) {
        return;
    }
    resolver.async_resolve(url.host, url.port,
                           [this](beast::error_code error, const tcp::resolver::results_type& endpoints) {
                               if (phase != Phase::connecting) {
                                   return;
                               }
                               if (error) {
                                   return lose("cannot resolve " + url.host + ": " + error.message());
                               }
                               on_resolved(endpoints);
                           });
}

void JanusRoomClient::Impl::on_resolved(const tcp::resolver::results_type& endpoints) {
    if (url.transport == JanusTransport::tls) {
        auto secure = std::make_unique<TlsSocket>(io, tls);
        if (auto named = expect_backend_name(secure->next_layer(), url.host); !named) {
            return lose(named.error());
        }
        socket = std::move(secure);
    } else {
        socket = std::make_unique<PlainSocket>(io);
    }
    with_socket([this, &endpoints](auto& ws) {
        auto& lowest = beast::get_lowest_layer(ws);
        lowest.expires_after(config.connect_timeout);
        lowest.async_connect(endpoints, [this](beast::error_code error, const tcp::endpoint&) {
            if (phase != Phase::connecting) {
                return;
            }
            if (error) {
                return lose("cannot connect to Janus at " + url.host + ":" + url.port + ": " + error.message());
            }
            on_connected();
        });
    });
}

void JanusRoomClient::Impl::on_connected() {
    if (auto* secure = std::get_if<std::unique_ptr<TlsSocket>>(&socket); secure != nullptr && *secure) {
        beast::get_lowest_layer(**secure).expires_after(config.connect_timeout);
        (*secure)->next_layer().async_handshake(ssl::stream_base::client, [this](beast::error_code error) {
            if (phase != Phase::connecting) {
                return;
            }
            if (error) {
                return lose(error == beast::error::timeout ? "the TLS handshake with Janus timed out"
                                                           : "Janus's certificate was refused: " + error.message());
            }
            upgrade();
        });
        return;
    }
    upgrade();
}

void JanusRoomClient::Impl::upgrade() {
    with_socket([this](auto& ws) {
        beast::get_lowest_layer(ws).expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = config.connect_timeout;
        timeouts.idle_timeout = websocket::stream_base::none();
        timeouts.keep_alive_pings = false;
        ws.set_option(timeouts);
        ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
            request.set(beast::http::field::user_agent, "telecentre-room-terminal");
            request.set(beast::http::field::sec_websocket_protocol, "janus-protocol");
        }));
        ws.read_message_max(config.message_limit);
        ws.text(true);
        const bool default_port = url.port == (url.transport == JanusTransport::tls ? "443" : "80");
        const auto host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
        ws.async_handshake(default_port ? host : host + ":" + url.port, url.target, [this](beast::error_code error) {
            if (phase != Phase::connecting) {
                return;
            }
            if (error) {
                return lose("the WebSocket upgrade to Janus failed: " + error.message());
            }
            phase = Phase::open;
            read_next();
            sweep();
            create_session();
        });
    });
}

void JanusRoomClient::Impl::read_next() {
    with_socket([this](auto& ws) {
        ws.async_read(buffer, [this](beast::error_code error, std::size_t) {
            if (phase == Phase::finished) {
                return;
            }
            if (error) {
                return lose(error == websocket::error::closed ? "Janus closed the WebSocket"
                            : error == websocket::error::message_too_big
                                ? "Janus sent a message over the size limit"
                                : "the WebSocket to Janus was lost: " + error.message());
            }
            const auto data = buffer.cdata();
            const std::string text(static_cast<const char*>(data.data()), data.size());
            buffer.consume(buffer.size());
            on_message(text);
            if (phase != Phase::finished) {
                read_next();
            }
        });
    });
}

void JanusRoomClient::Impl::sweep() {
    sweep_timer.expires_after(kSweepPeriod);
    sweep_timer.async_wait([this](beast::error_code error) {
        if (error || phase == Phase::finished) {
            return;
        }
        const auto now = Clock::now();
        for (auto entry = pending.begin(); entry != pending.end();) {
            if (entry->second.deadline > now) {
                ++entry;
            } else if (entry->second.acked) {
                entry = pending.erase(entry);
            } else {
                return lose("Janus did not answer \"" + entry->second.request + "\" in time");
            }
        }
        sweep();
    });
}

void JanusRoomClient::Impl::create_session() {
    const auto sent = envelope(0);
    request("create", JanusHandleRole::publisher, Waiting::answer, sent, encode_janus_create(sent),
            [this](const JanusMessage& answer) {
                if (!answer.data_id) {
                    return lose("Janus's answer to \"create\" has no session id");
                }
                session = *answer.data_id;
                count([this](JanusRoomStats& stats) { stats.session_id = session; });
                keepalive();
                attach(JanusHandleRole::publisher);
            });
}

void JanusRoomClient::Impl::keepalive() {
    keepalive_timer.expires_after(config.keepalive_interval);
    keepalive_timer.async_wait([this](beast::error_code error) {
        if (error || phase != Phase::open) {
            return;
        }
        const auto sent = envelope(0);
        request("keepalive", JanusHandleRole::publisher, Waiting::ack, sent, encode_janus_keepalive(sent));
        count([](JanusRoomStats& stats) { ++stats.keepalives_sent; });
        keepalive();
    });
}

void JanusRoomClient::Impl::attach(JanusHandleRole role) {
    const auto sent = envelope(0);
    request("attach", role, Waiting::answer, sent, encode_janus_attach(sent, kPlugin),
            [this, role](const JanusMessage& answer) {
                if (!answer.data_id) {
                    return lose("Janus's answer to \"attach\" has no handle id");
                }
                if (role == JanusHandleRole::publisher) {
                    publisher_handle = *answer.data_id;
                    send_join_publisher();
                } else {
                    subscriber_handle = *answer.data_id;
                    subscription = Subscription::attached;
                    send_join_subscriber();
                }
                flush_candidates(role);
            });
}

void JanusRoomClient::Impl::send_join_publisher() {
    const auto sent = envelope(publisher_handle);
    request("join", JanusHandleRole::publisher, Waiting::plugin, sent,
            encode_join_publisher(sent, config.room, config.pin, config.display));
}

void JanusRoomClient::Impl::send_publish(const std::string& offer) {
    const auto sent = envelope(publisher_handle);
    const auto step = published ? JanusPublishStep::again : JanusPublishStep::first;
    request(published ? "configure" : "publish", JanusHandleRole::publisher, Waiting::plugin, sent,
            encode_publish(sent, step, config.display, offer));
    published = true;
}

void JanusRoomClient::Impl::send_join_subscriber() {
    if (subscribe_waiting.empty()) {
        return; // attached; the join waits for streams to ask for
    }
    const auto sent = envelope(subscriber_handle);
    request("subscribe", JanusHandleRole::subscriber, Waiting::plugin, sent,
            encode_join_subscriber(sent, config.room, config.pin, private_id, subscribe_waiting));
    subscribe_waiting.clear();
    subscription = Subscription::joining;
}

void JanusRoomClient::Impl::send_update() {
    if (subscribe_waiting.empty() && unsubscribe_waiting.empty()) {
        return;
    }
    const auto sent = envelope(subscriber_handle);
    request("update", JanusHandleRole::subscriber, Waiting::plugin, sent,
            encode_update_subscription(sent, subscribe_waiting, unsubscribe_waiting));
    subscribe_waiting.clear();
    unsubscribe_waiting.clear();
}

void JanusRoomClient::Impl::send_candidate(JanusHandleRole role, const JanusCandidate& candidate) {
    const auto handle = handle_of(role);
    if (handle == 0) {
        if (candidates_waiting[static_cast<std::size_t>(role)].size() < kQueuedCandidatesLimit) {
            candidates_waiting[static_cast<std::size_t>(role)].push_back(candidate);
        }
        return;
    }
    const auto sent = envelope(handle);
    request("trickle", role, Waiting::ack, sent, encode_janus_trickle(sent, candidate));
}

void JanusRoomClient::Impl::flush_candidates(JanusHandleRole role) {
    auto waiting = std::move(candidates_waiting[static_cast<std::size_t>(role)]);
    candidates_waiting[static_cast<std::size_t>(role)].clear();
    for (const auto& candidate : waiting) {
        send_candidate(role, candidate);
    }
}

void JanusRoomClient::Impl::publish(std::string offer) {
    if (phase != Phase::open) {
        return;
    }
    if (!joined) {
        offer_waiting = std::move(offer);
        return;
    }
    send_publish(offer);
}

void JanusRoomClient::Impl::subscribe(std::vector<JanusStreamRequest> streams) {
    if (phase != Phase::open || streams.empty()) {
        return;
    }
    subscribe_waiting.insert(subscribe_waiting.end(), streams.begin(), streams.end());
    if (!joined) {
        return; // the subscription needs our private id: it starts once joined
    }
    switch (subscription) {
    case Subscription::none:
        subscription = Subscription::attaching;
        attach(JanusHandleRole::subscriber);
        break;
    case Subscription::attached: send_join_subscriber(); break;
    case Subscription::joined: send_update(); break;
    case Subscription::attaching:
    case Subscription::joining: break; // sent once the handle has joined
    }
}

void JanusRoomClient::Impl::unsubscribe(std::vector<JanusStreamRequest> streams) {
    if (phase != Phase::open || streams.empty()) {
        return;
    }
    if (subscription != Subscription::joined && subscription != Subscription::joining) {
        // Nothing was asked of Janus yet: drop those feeds from what will be.
        std::erase_if(subscribe_waiting, [&streams](const JanusStreamRequest& waiting) {
            return std::ranges::any_of(streams, [&waiting](const JanusStreamRequest& gone) {
                return gone.feed == waiting.feed && (gone.mid.empty() || gone.mid == waiting.mid);
            });
        });
        return;
    }
    unsubscribe_waiting.insert(unsubscribe_waiting.end(), streams.begin(), streams.end());
    if (subscription == Subscription::joined) {
        send_update();
    }
}

void JanusRoomClient::Impl::start(std::string answer) {
    if (phase != Phase::open || subscriber_handle == 0) {
        return;
    }
    const auto sent = envelope(subscriber_handle);
    request("start", JanusHandleRole::subscriber, Waiting::plugin, sent, encode_start(sent, answer));
}

void JanusRoomClient::Impl::shut_down() {
    silenced = true;
    if (phase == Phase::finished) {
        return;
    }
    if (phase != Phase::open || session == 0) {
        return finish();
    }
    phase = Phase::leaving;
    keepalive_timer.cancel();
    if (publisher_handle != 0) {
        const auto sent = envelope(publisher_handle);
        write(encode_leave(sent));
    }
    const auto sent = envelope(0);
    request("destroy", JanusHandleRole::publisher, Waiting::answer, sent, encode_janus_destroy(sent),
            [this](const JanusMessage&) { close_politely(); });
    close_timer.expires_after(config.request_timeout);
    close_timer.async_wait([this](beast::error_code error) {
        if (!error) {
            finish();
        }
    });
}

void JanusRoomClient::Impl::close_politely() {
    with_socket(
        [this](auto& ws) { ws.async_close(websocket::close_code::normal, [this](beast::error_code) { finish(); }); });
}

// ------------------------------------------------------------------------------- the public side

std::expected<std::unique_ptr<JanusRoomClient>, std::string> JanusRoomClient::connect(JanusRoomConfig config,
                                                                                      JanusRoomCallbacks callbacks) {
    auto url = parse_janus_url(config.url);
    if (!url) {
        return std::unexpected(url.error());
    }
    if (config.room == 0) {
        return std::unexpected("the Janus room number is missing");
    }
    if (config.keepalive_interval <= std::chrono::milliseconds(0) ||
        config.request_timeout <= std::chrono::milliseconds(0) ||
        config.connect_timeout <= std::chrono::milliseconds(0)) {
        return std::unexpected("the Janus client's intervals and timeouts must be positive");
    }
    auto impl = std::make_unique<Impl>();
    if (url->transport == JanusTransport::tls) {
        if (auto configured = configure_backend_tls(impl->tls, config.ca_file); !configured) {
            return std::unexpected(configured.error());
        }
    }
    impl->url = std::move(*url);
    impl->config = std::move(config);
    impl->callbacks = std::move(callbacks);
    auto* raw = impl.get();
    impl->thread = std::jthread([raw](const std::stop_token& stop) { raw->run(stop); });
    return std::unique_ptr<JanusRoomClient>(new JanusRoomClient(std::move(impl)));
}

JanusRoomClient::JanusRoomClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

JanusRoomClient::~JanusRoomClient() { leave(); }

void JanusRoomClient::leave() {
    auto& thread = m_impl->thread;
    if (!thread.joinable()) {
        return;
    }
    m_impl->silenced = true;
    thread.request_stop();
    // From one of our own callbacks: the thread ends once the goodbye is done.
    if (thread.get_id() != std::this_thread::get_id()) {
        thread.join();
    }
}

void JanusRoomClient::publish(std::string offer_sdp) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, offer = std::move(offer_sdp)]() mutable { impl->publish(std::move(offer)); });
}

void JanusRoomClient::subscribe(std::vector<JanusStreamRequest> streams) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, list = std::move(streams)]() mutable { impl->subscribe(std::move(list)); });
}

void JanusRoomClient::unsubscribe(std::vector<JanusStreamRequest> streams) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, list = std::move(streams)]() mutable { impl->unsubscribe(std::move(list)); });
}

void JanusRoomClient::start(std::string answer_sdp) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, answer = std::move(answer_sdp)]() mutable { impl->start(std::move(answer)); });
}

void JanusRoomClient::trickle(JanusHandleRole role, unsigned mline_index, std::string mid, std::string candidate) {
    JanusCandidate item;
    item.mline_index = mline_index;
    item.mid = std::move(mid);
    item.candidate = without_a_prefix(std::move(candidate));
    if (item.candidate.empty()) {
        return trickle_completed(role);
    }
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, role, item = std::move(item)] {
        if (impl->phase == Impl::Phase::open) {
            impl->send_candidate(role, item);
        }
    });
}

void JanusRoomClient::trickle_completed(JanusHandleRole role) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, role] {
        if (impl->phase == Impl::Phase::open) {
            JanusCandidate completed;
            completed.completed = true;
            impl->send_candidate(role, completed);
        }
    });
}

JanusRoomStats JanusRoomClient::stats() const {
    std::lock_guard lock{m_impl->stats_mutex};
    return m_impl->counters;
}

} // namespace telecentre::platform
