// Booking writes: book, move, cancel and the no-show release. Each is one store transaction,
// re-run from the start when the store reports a race it may win (PostgreSQL), with the first
// answer to an Idempotency-Key stored in the same transaction and replayed byte for byte.
#include "telecentre/backend/booking_service.hpp"

#include "booking_steps.hpp"
#include "telecentre/backend/crypto.hpp"
#include "telecentre/wire/local_time.hpp"

#include <map>

namespace telecentre::backend {

using namespace booking;
using wire::BookingRefusal;

namespace {

constexpr int kAttempts = 5;
constexpr std::chrono::minutes kEarlyArrival{15};

// What a unit of work decided: the answer, and the event to publish once it is committed.
struct Decision {
    int status = 200;
    std::string body;
    std::optional<wire::BookingEvent> event;
};

Decision refused(const Refusal& refusal) { return Decision{refusal.status, wire::encode(refusal.error), {}}; }

// Runs a step-returning unit: a refusal becomes an answer, a store failure stays an error.
template <typename Work> StoreResult<Decision> decide(Work work) {
    Step<Decision> step = work();
    if (step) {
        return std::move(*step);
    }
    if (auto* refusal = std::get_if<Refusal>(&step.error())) {
        return refused(*refusal);
    }
    return std::unexpected(std::get<StoreError>(step.error()));
}

Step<wire::Booking> reread(Reader& reader, const std::string& id) {
    auto booking = from_store(reader.find_booking(id));
    if (!booking) {
        return std::unexpected(booking.error());
    }
    if (!*booking) {
        return std::unexpected(Stop{StoreError{"booking " + id + " vanished inside its own transaction"}});
    }
    return std::move(**booking);
}

// The 409 answer, with the nearest slot the member may take instead.
Step<Decision> slot_taken(Reader& reader, const RuleInput& input, const ResourceRecord& resource, wire::TimePoint start,
                          wire::TimePoint end, const std::string& moving_id = {}) {
    auto resources = from_store(reader.site_resources(resource.site_id));
    if (!resources) {
        return std::unexpected(resources.error());
    }
    std::vector<ResourceRecord> candidates{resource};
    for (const auto& other : *resources) {
        if (other.kind == resource.kind && other.id != resource.id) {
            candidates.push_back(other);
        }
    }
    using std::chrono::days;
    auto bookings = from_store(reader.site_bookings(resource.site_id, start - days{8}, end + days{8}));
    if (!bookings) {
        return std::unexpected(bookings.error());
    }
    BusyMap busy;
    for (const auto& booking : *bookings) {
        if (booking.id != moving_id) {
            busy[booking.resource_id].push_back({booking.start, booking.end});
        }
    }
    auto refusal = refuse(409, BookingRefusal::slot_taken, "another booking holds part of this slot");
    refusal.error.suggestion = nearest_free_slot(input, candidates, busy, start, end);
    return refused(refusal);
}

wire::BookingEvent event(const char* type, wire::Booking booking) {
    return wire::BookingEvent{type, std::move(booking)};
}

struct HeldBooking {
    MemberRecord member;
    wire::Booking booking;
};

// The booking a badge may change: the badge proves a member, the booking exists, is that
// member's, and is still confirmed and not over.
Step<HeldBooking> changeable(Reader& reader, const std::string& badge_uid, const std::string& booking_id,
                             wire::TimePoint now) {
    auto holder = badge_holder(reader, badge_uid);
    if (!holder) {
        return std::unexpected(holder.error());
    }
    const MemberRecord& member = *holder;
    auto found = from_store(reader.find_booking(booking_id));
    if (!found) {
        return std::unexpected(found.error());
    }
    if (!*found) {
        return std::unexpected(Stop{refuse(404, BookingRefusal::unknown_booking, "no booking " + booking_id)});
    }
    if ((*found)->member_id != member.id) {
        return std::unexpected(
            Stop{refuse(403, BookingRefusal::not_your_booking, "only the holder's badge may change this booking")});
    }
    if ((*found)->status != wire::BookingStatus::confirmed || (*found)->end <= now) {
        return std::unexpected(Stop{refuse(
            422, BookingRefusal::booking_not_changeable,
            std::string("the booking is ") +
                ((*found)->status == wire::BookingStatus::confirmed ? "over" : wire::to_string((*found)->status)))});
    }
    return HeldBooking{std::move(*holder), std::move(**found)};
}

} // namespace

BookingService::BookingService(Store& store, Clock clock, Publisher publisher)
    : m_store(store), m_clock(std::move(clock)), m_publisher(std::move(publisher)) {}

wire::TimePoint BookingService::now() const {
    return m_clock ? m_clock() : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

namespace {

// A unit's result: the answer and its event, or why it stopped.
using UnitResult =
    std::expected<std::pair<BookingAnswer, std::optional<wire::BookingEvent>>, std::variant<StoreError, DomainError>>;

// The idempotent frame of every booking write: replay a stored answer, or decide and store it.
template <typename Decide>
UnitResult idempotent(Transaction& tx, const DeviceRecord& device, const std::string& key,
                      const std::string& request_hash, wire::TimePoint now, Decide decide_unit) {
    auto previous = tx.find_answer(device.id, key);
    if (!previous) {
        return std::unexpected(previous.error());
    }
    if (*previous) {
        if ((*previous)->request_hash != request_hash) {
            return std::unexpected(DomainError{ErrorKind::idempotency_conflict,
                                               "this Idempotency-Key was already used for a different request"});
        }
        return std::pair{BookingAnswer{(*previous)->status, (*previous)->body, true}, std::nullopt};
    }
    auto decision = decide(decide_unit);
    if (!decision) {
        return std::unexpected(decision.error());
    }
    if (auto saved = tx.save_answer(device.id, key, {request_hash, decision->status, decision->body}, now); !saved) {
        return std::unexpected(saved.error());
    }
    return std::pair{BookingAnswer{decision->status, std::move(decision->body), false}, std::move(decision->event)};
}

} // namespace

template <typename Unit> std::expected<BookingAnswer, DomainError> BookingService::write(Unit unit) {
    std::optional<StoreError> last;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        std::optional<UnitResult> outcome;
        auto written = m_store.write([&](Transaction& tx) -> StoreResult<UnitEnd> {
            outcome = unit(tx);
            if (*outcome) {
                return UnitEnd::commit;
            }
            if (const auto* failure = std::get_if<StoreError>(&outcome->error())) {
                return std::unexpected(*failure);
            }
            return UnitEnd::roll_back; // refused before writing (an idempotency conflict)
        });
        if (!written) {
            last = written.error();
            if (last->retryable) {
                continue;
            }
            return std::unexpected(storage_error(*last));
        }
        if (!*outcome) {
            return std::unexpected(std::get<DomainError>(outcome->error()));
        }
        auto& [answer, published] = **outcome;
        if (published && m_publisher) {
            m_publisher(*published);
        }
        return std::move(answer);
    }
    return std::unexpected(storage_error(last.value_or(StoreError{"the write kept losing races; try again", true})));
}

std::expected<BookingAnswer, DomainError> BookingService::book(const DeviceRecord& device, const std::string& key,
                                                               const wire::BookingRequest& request) {
    const auto hash = sha256_hex("book\n" + wire::encode(request));
    return write([&](Transaction& tx) {
        const auto at = now();
        return idempotent(tx, device, key, hash, at, [&]() -> Step<Decision> {
            auto member = badge_holder(tx, request.badge_uid);
            if (!member) {
                return std::unexpected(member.error());
            }
            auto resource = from_store(tx.find_resource(request.resource_id));
            if (!resource) {
                return std::unexpected(resource.error());
            }
            if (!*resource) {
                return std::unexpected(
                    Stop{refuse(422, BookingRefusal::unknown_resource, "no resource \"" + request.resource_id + "\"")});
            }
            auto site = site_rules(tx, (*resource)->site_id, request.start);
            if (!site) {
                return std::unexpected(site.error());
            }
            const RuleInput input{site->rules,       site->opening_hours, site->closures,
                                  (*resource)->kind, member->pass.dates,  at};
            if (auto broken = check_booking(input, request.start, request.end)) {
                return refused(Refusal{422, {broken->reason, broken->message, std::nullopt}});
            }
            const BookingRecord record{
                "bk_" + random_hex(12), (*resource)->id, member->id, request.start, request.end, at, device.id};
            auto added = from_store(tx.insert_booking(record));
            if (!added) {
                return std::unexpected(added.error());
            }
            if (*added == BookingOutcome::overlaps) {
                return slot_taken(tx, input, **resource, request.start, request.end);
            }
            // What a read of it would give, from rows this transaction has read already (the
            // member's row is locked): no round trip to the store for it.
            const wire::Booking booking{record.id,
                                        (*resource)->site_id,
                                        record.resource_id,
                                        (*resource)->name,
                                        (*resource)->kind,
                                        record.member_id,
                                        member->display_name,
                                        record.start,
                                        record.end,
                                        wire::BookingStatus::confirmed,
                                        std::nullopt};
            return Decision{201, wire::encode(booking), event("booking.created", booking)};
        });
    });
}

std::expected<BookingAnswer, DomainError> BookingService::change(const DeviceRecord& device, const std::string& key,
                                                                 const std::string& booking_id,
                                                                 const wire::BookingChange& request) {
    const auto hash = sha256_hex("change " + booking_id + "\n" + wire::encode(request));
    return write([&](Transaction& tx) {
        const auto at = now();
        return idempotent(tx, device, key, hash, at, [&]() -> Step<Decision> {
            auto held = changeable(tx, request.badge_uid, booking_id, at);
            if (!held) {
                return std::unexpected(held.error());
            }
            const wire::Booking& current_booking = held->booking;
            auto resource = from_store(tx.find_resource(current_booking.resource_id));
            if (!resource || !*resource) {
                return std::unexpected(resource ? Stop{StoreError{"resource of booking " + booking_id + " is gone"}}
                                                : resource.error());
            }
            auto site = site_rules(tx, current_booking.site_id, request.start);
            if (!site) {
                return std::unexpected(site.error());
            }
            // A booking under way may keep its start (to be lengthened or shortened).
            const auto judged_at = request.start == current_booking.start ? std::min(at, current_booking.start) : at;
            const RuleInput input{site->rules,          site->opening_hours,     site->closures,
                                  current_booking.kind, held->member.pass.dates, judged_at};
            if (auto broken = check_booking(input, request.start, request.end)) {
                return refused(Refusal{422, {broken->reason, broken->message, std::nullopt}});
            }
            auto moved = from_store(tx.move_booking(booking_id, request.start, request.end));
            if (!moved) {
                return std::unexpected(moved.error());
            }
            if (*moved == BookingOutcome::overlaps) {
                return slot_taken(tx, input, **resource, request.start, request.end, booking_id);
            }
            auto booking = reread(tx, booking_id);
            if (!booking) {
                return std::unexpected(booking.error());
            }
            return Decision{200, wire::encode(*booking), event("booking.changed", *booking)};
        });
    });
}

std::expected<BookingAnswer, DomainError> BookingService::cancel(const DeviceRecord& device, const std::string& key,
                                                                 const std::string& booking_id,
                                                                 const wire::BookingCancel& request) {
    const auto hash = sha256_hex("cancel " + booking_id + "\n" + wire::encode(request));
    return write([&](Transaction& tx) {
        const auto at = now();
        return idempotent(tx, device, key, hash, at, [&]() -> Step<Decision> {
            auto held = changeable(tx, request.badge_uid, booking_id, at);
            if (!held) {
                return std::unexpected(held.error());
            }
            if (auto closed = from_store(tx.close_booking(booking_id, wire::BookingStatus::cancelled, at)); !closed) {
                return std::unexpected(closed.error());
            }
            auto booking = reread(tx, booking_id);
            if (!booking) {
                return std::unexpected(booking.error());
            }
            return Decision{200, wire::encode(*booking), event("booking.cancelled", *booking)};
        });
    });
}

std::expected<BookingAnswer, DomainError> BookingService::check_in(const DeviceRecord& device, const std::string& key,
                                                                   const std::string& booking_id,
                                                                   const wire::BookingCancel& request) {
    const auto hash = sha256_hex("check-in " + booking_id + "\n" + wire::encode(request));
    return write([&](Transaction& tx) {
        const auto at = now();
        return idempotent(tx, device, key, hash, at, [&]() -> Step<Decision> {
            auto held = changeable(tx, request.badge_uid, booking_id, at);
            if (!held) {
                return std::unexpected(held.error());
            }
            const wire::Booking& current_booking = held->booking;
            if (at < current_booking.start - kEarlyArrival) {
                return refused(refuse(422, BookingRefusal::booking_not_changeable,
                                      "the booking has not started yet; come back a quarter of an hour before"));
            }
            if (auto attended = from_store(tx.check_in_booking(booking_id, at)); !attended) {
                return std::unexpected(attended.error());
            }
            auto booking = reread(tx, booking_id);
            if (!booking) {
                return std::unexpected(booking.error());
            }
            return Decision{200, wire::encode(*booking), event("booking.checked_in", *booking)};
        });
    });
}

std::expected<int, DomainError> BookingService::release_no_shows() {
    std::optional<StoreError> last;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const auto at = now();
        std::vector<wire::BookingEvent> events;
        auto run = [&](Transaction& tx) -> StoreResult<UnitEnd> {
            events.clear();
            auto candidates = tx.unattended_bookings(at);
            if (!candidates) {
                return std::unexpected(candidates.error());
            }
            std::map<std::string, int> grace_by_site;
            for (const auto& booking : *candidates) {
                if (!grace_by_site.contains(booking.site_id)) {
                    auto rules = tx.booking_rules(booking.site_id);
                    if (!rules) {
                        return std::unexpected(rules.error());
                    }
                    grace_by_site[booking.site_id] = rules->no_show_grace_minutes;
                }
                if (booking.start + std::chrono::minutes{grace_by_site[booking.site_id]} > at) {
                    continue;
                }
                // Inside the site without having tapped for this booking (came in early, or the
                // check-in was at another time): the member is there, the booking is attended.
                auto session = tx.open_session(booking.member_id);
                if (!session) {
                    return std::unexpected(session.error());
                }
                const bool present = *session && (*session)->site_id == booking.site_id;
                auto written = present ? tx.check_in_booking(booking.id, booking.start)
                                       : tx.close_booking(booking.id, wire::BookingStatus::no_show, at);
                if (!written) {
                    return std::unexpected(written.error());
                }
                auto after = tx.find_booking(booking.id);
                if (!after) {
                    return std::unexpected(after.error());
                }
                if (*after) {
                    events.push_back(event(present ? "booking.checked_in" : "booking.released", **after));
                }
            }
            return UnitEnd::commit;
        };
        if (auto done = m_store.write(run); !done) {
            last = done.error();
            if (last->retryable) {
                continue;
            }
            return std::unexpected(storage_error(*last));
        }
        if (m_publisher) {
            for (const auto& released : events) {
                m_publisher(released);
            }
        }
        return static_cast<int>(
            std::count_if(events.begin(), events.end(), [](const auto& e) { return e.type == "booking.released"; }));
    }
    return std::unexpected(storage_error(*last));
}

} // namespace telecentre::backend
