// HttpsBackendClient's booking calls against a scripted HTTPS server (the backend's own server
// code, a test CA): what each call sends, and how each kind of answer comes back. A 4xx with a
// BookingError body is an answer; any other 4xx, a 5xx or an unreadable body is an error.

#include "telecentre/backend/https_server.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/platform/tls/certificate_authority.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/codec.hpp"
#include "temp_dir.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <mutex>

using namespace telecentre;
using namespace std::chrono_literals;

namespace {

const wire::TimePoint kTen = *wire::parse_time("2030-01-08T09:00:00Z");

class ScriptedBackend : public ::testing::Test {
protected:
    void SetUp() override {
        auto ca = platform::tls::generate_certificate_authority({"booking client test CA", std::chrono::days{2}});
        ASSERT_TRUE(ca) << ca.error();
        auto identity = platform::tls::issue_server_certificate(*ca);
        ASSERT_TRUE(identity) << identity.error();
        std::ofstream(m_folder.path() / "ca.pem") << ca->certificate_pem;
        backend::HttpsServerOptions options;
        options.certificate_chain_pem = identity->certificate_pem;
        options.private_key_pem = identity->private_key_pem;
        m_server = std::make_unique<backend::HttpsServer>(
            options, [this](const backend::HttpRequest& request) { return answer(request); },
            [](const backend::RequestLogEntry&) {});
        auto started = m_server->start();
        ASSERT_TRUE(started) << started.error();
        auto https = platform::HttpsClient::create(
            {"127.0.0.1", std::to_string(m_server->port()), (m_folder.path() / "ca.pem").string(), 3s, 5s});
        ASSERT_TRUE(https) << https.error();
        m_client.emplace(std::move(*https), "device-token");
    }

    // The next request to `method path` gets this answer.
    void script(const std::string& method, const std::string& path, int status, std::string body) {
        std::lock_guard lock(m_mutex);
        m_script[method + " " + path] = {status, std::move(body)};
    }

    backend::HttpRequest last() {
        std::lock_guard lock(m_mutex);
        return m_last;
    }

    platform::HttpsBackendClient& client() { return *m_client; }

private:
    backend::HttpResponse answer(const backend::HttpRequest& request) {
        std::lock_guard lock(m_mutex);
        m_last = request;
        backend::HttpResponse response;
        const auto found = m_script.find(request.method + " " + std::string(request.path()));
        if (found == m_script.end()) {
            response.status = 404;
            response.body = wire::encode(wire::ApiError{"not_found", "not scripted"});
        } else {
            response.status = found->second.first;
            response.body = found->second.second;
        }
        return response;
    }

    telecentre::testing::TempDir m_folder{"scripted"};
    std::unique_ptr<backend::HttpsServer> m_server;
    std::optional<platform::HttpsBackendClient> m_client;
    std::mutex m_mutex;
    std::map<std::string, std::pair<int, std::string>> m_script;
    backend::HttpRequest m_last;
};

wire::Booking booking() {
    return {"bk_1",
            "murat",
            "murat-bureau-1",
            "Bureau 1",
            wire::ResourceKind::office,
            "m-elodie",
            "Élodie V.",
            kTen,
            kTen + 1h,
            wire::BookingStatus::confirmed,
            std::nullopt};
}

} // namespace

TEST_F(ScriptedBackend, ABookingIsPostedWithItsKeyAndComesBackDecoded) {
    script("POST", "/v1/bookings", 201, wire::encode(booking()));
    const wire::BookingRequest request{"04A1B2C3D4E5F6", "murat-bureau-1", kTen, kTen + 1h};
    auto reply = client().book("key-1", request);
    ASSERT_TRUE(reply) << reply.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::Booking>(*reply));
    EXPECT_EQ(std::get<wire::Booking>(*reply).id, "bk_1");
    const auto sent = last();
    EXPECT_EQ(sent.header("idempotency-key"), "key-1");
    EXPECT_EQ(sent.header("authorization"), "Bearer device-token");
    EXPECT_EQ(sent.body, wire::encode(request));
}

TEST_F(ScriptedBackend, ARefusalWithABookingErrorIsAnAnswer) {
    const wire::BookingError taken{wire::BookingRefusal::slot_taken, "taken",
                                   wire::SlotSuggestion{"murat-bureau-2", kTen, kTen + 1h, "Bureau 2"}};
    script("POST", "/v1/bookings", 409, wire::encode(taken));
    auto reply = client().book("key-1", {"04A1B2C3D4E5F6", "murat-bureau-1", kTen, kTen + 1h});
    ASSERT_TRUE(reply) << reply.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::BookingError>(*reply));
    const auto& refusal = std::get<wire::BookingError>(*reply);
    EXPECT_EQ(refusal.reason, wire::BookingRefusal::slot_taken);
    ASSERT_TRUE(refusal.suggestion);
    EXPECT_EQ(refusal.suggestion->resource_id, "murat-bureau-2");
    EXPECT_EQ(refusal.suggestion->resource_name, "Bureau 2");

    script("POST", "/v1/bookings/bk_1/cancel", 403,
           wire::encode(wire::BookingError{wire::BookingRefusal::not_your_booking, "no", std::nullopt}));
    auto cancel = client().cancel("key-2", "bk_1", {"043A7F129C4480"});
    ASSERT_TRUE(cancel);
    EXPECT_EQ(std::get<wire::BookingError>(*cancel).reason, wire::BookingRefusal::not_your_booking);
    EXPECT_EQ(last().header("idempotency-key"), "key-2");
}

TEST_F(ScriptedBackend, OtherFailuresAreErrorsTransientOrNot) {
    script("POST", "/v1/bookings", 409, wire::encode(wire::ApiError{"idempotency_conflict", "other body"}));
    auto conflict = client().book("key-1", {"04A1B2C3D4E5F6", "murat-bureau-1", kTen, kTen + 1h});
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().kind, core::BackendFailure::rejected);
    EXPECT_EQ(conflict.error().code, "idempotency_conflict");
    EXPECT_FALSE(conflict.error().transient());

    script("POST", "/v1/bookings", 503, wire::encode(wire::ApiError{"busy", "try again"}));
    auto busy = client().book("key-1", {"04A1B2C3D4E5F6", "murat-bureau-1", kTen, kTen + 1h});
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().kind, core::BackendFailure::server_error);
    EXPECT_TRUE(busy.error().transient());

    script("POST", "/v1/bookings", 201, "{\"id\": ");
    auto garbled = client().book("key-1", {"04A1B2C3D4E5F6", "murat-bureau-1", kTen, kTen + 1h});
    ASSERT_FALSE(garbled);
    EXPECT_EQ(garbled.error().kind, core::BackendFailure::bad_answer);
    EXPECT_FALSE(garbled.error().transient());

    script("PATCH", "/v1/bookings/bk_1", 422, "not json");
    auto change = client().change("key-3", "bk_1", {"04A1B2C3D4E5F6", kTen, kTen + 2h});
    ASSERT_FALSE(change);
    EXPECT_EQ(change.error().kind, core::BackendFailure::rejected);
    EXPECT_EQ(change.error().status, 422);
}

TEST_F(ScriptedBackend, AvailabilityAndAMembersBookingsAreAskedAsTheApiSays) {
    wire::Availability availability;
    availability.site_id = "murat";
    availability.from = *wire::parse_date("2030-01-07");
    availability.days = 7;
    script("GET", "/v1/sites/murat/availability", 200, wire::encode(availability));
    auto week = client().availability("murat", availability.from, 7, wire::ResourceKind::office);
    ASSERT_TRUE(week) << week.error().message;
    EXPECT_EQ(week->days, 7);
    EXPECT_EQ(last().target, "/v1/sites/murat/availability?from=2030-01-07&days=7&kind=office");

    script("POST", "/v1/bookings/by-badge", 200,
           wire::encode(wire::MemberBookings{{"m-elodie", "Élodie", "Élodie V."}, {booking()}}));
    auto mine = client().member_bookings("04A1B2C3D4E5F6");
    ASSERT_TRUE(mine) << mine.error().message;
    EXPECT_EQ(std::get<wire::MemberBookings>(*mine).bookings.size(), 1u);
    EXPECT_EQ(last().body, wire::encode(wire::BookingCancel{"04A1B2C3D4E5F6"})) << "the badge is in the body";
    EXPECT_EQ(last().target, "/v1/bookings/by-badge");

    script("POST", "/v1/bookings/by-badge", 422,
           wire::encode(wire::BookingError{wire::BookingRefusal::unknown_badge, "unknown", std::nullopt}));
    auto unknown = client().member_bookings("04FFFFFFFFFFFF");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(std::get<wire::BookingError>(*unknown).reason, wire::BookingRefusal::unknown_badge);
}
