// GET /v1/sites/{site}, /healthz, and the router's 404 and 405.
#include "backend_fixture.hpp"
#include "telecentre/wire/codec.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

using nlohmann::json;

class SiteApi : public BackendTest {};

TEST_F(SiteApi, SiteDescribesNameAddressAndOpeningHours) {
    auto reply = client()->request("GET", "/v1/sites/murat", {}, auth(m_murat_token));
    ASSERT_TRUE(reply) << reply.error();
    ASSERT_EQ(reply->status, 200) << reply->body;
    EXPECT_EQ(reply->header("content-type"), "application/json");
    const auto site = json::parse(reply->body);
    EXPECT_EQ(site["id"], "murat");
    EXPECT_EQ(site["name"], "La Cocotte numérique");
    EXPECT_EQ(site["address"]["street"], "Maison des services, 4 rue Faubourg Notre-Dame");
    EXPECT_EQ(site["address"]["postal_code"], "15300");
    EXPECT_EQ(site["address"]["town"], "Murat");
    EXPECT_EQ(site["time_zone"], "Europe/Paris");
    ASSERT_EQ(site["opening_hours"].size(), 6u);
    EXPECT_EQ(site["opening_hours"][0], (json{{"day", "monday"}, {"opens", "08:30"}, {"closes", "18:30"}}));
    int offices = 0, desks = 0;
    for (const auto& resource : site["resources"]) {
        offices += resource["kind"] == "office";
        desks += resource["kind"] == "open_space";
    }
    EXPECT_EQ(offices, 4);
    EXPECT_EQ(desks, 8);
}

TEST_F(SiteApi, AnotherSiteIsForbidden) {
    auto reply = client()->request("GET", "/v1/sites/murat", {}, auth(m_a2ex_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 403);
    auto unknown = client()->request("GET", "/v1/sites/nowhere", {}, auth(m_a2ex_token));
    ASSERT_TRUE(unknown) << unknown.error();
    EXPECT_EQ(unknown->status, 403) << "a kiosk learns nothing about sites other than its own";
}

TEST_F(SiteApi, HealthzNeedsNoToken) {
    auto reply = client()->request("GET", "/healthz");
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(json::parse(reply->body), (json{{"status", "ok"}}));
}

TEST_F(SiteApi, UnknownRouteIsNotFound) {
    auto reply = client()->request("GET", "/v1/nothing-here", {}, auth(m_murat_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 404);
    auto error = wire::decode_api_error(reply->body);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "not_found");
}

TEST_F(SiteApi, WrongMethodIsNotAllowed) {
    auto reply = client()->request("GET", "/v1/checkins", {}, auth(m_murat_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 405);
    EXPECT_EQ(reply->header("allow"), "POST");
    auto error = wire::decode_api_error(reply->body);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "method_not_allowed");
    auto remove = client()->request("DELETE", "/v1/sites/murat", {}, auth(m_murat_token));
    ASSERT_TRUE(remove) << remove.error();
    EXPECT_EQ(remove->status, 405);
}

} // namespace
} // namespace telecentre::backend::test
