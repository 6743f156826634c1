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

// The staff console: its page and modules are in the binary, served to anyone (the page asks for a
// log-in; every endpoint it calls checks the session), under a policy that allows this server's
// own scripts, styles and WebSocket only.
TEST_F(SiteApi, TheConsolePageIsServedUnderAStrictPolicy) {
    auto page = client()->request("GET", "/console/", {}, {});
    ASSERT_TRUE(page) << page.error();
    ASSERT_EQ(page->status, 200);
    EXPECT_EQ(page->header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(page->body.find(R"(<script type="module" src="/console/console.js">)"), std::string::npos);
    const auto policy = page->header("content-security-policy").value_or("");
    EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe"), std::string::npos) << policy;
    EXPECT_EQ(page->header("x-content-type-options"), "nosniff");
    EXPECT_EQ(page->header("x-frame-options"), "DENY");
    EXPECT_EQ(page->header("cache-control"), "no-cache");

    for (const auto& [file, type] : {std::pair{"console.js", "text/javascript; charset=utf-8"},
                                     std::pair{"call.js", "text/javascript; charset=utf-8"},
                                     std::pair{"i18n.js", "text/javascript; charset=utf-8"},
                                     std::pair{"console.css", "text/css; charset=utf-8"}}) {
        auto asset = client()->request("GET", std::string("/console/") + file, {}, {});
        ASSERT_TRUE(asset) << asset.error();
        EXPECT_EQ(asset->status, 200) << file;
        EXPECT_EQ(asset->header("content-type"), type) << file;
        EXPECT_FALSE(asset->body.empty()) << file;
    }
}

TEST_F(SiteApi, TheRootLeadsToTheConsoleAndNothingElseIsServedThere) {
    auto root = client()->request("GET", "/", {}, {});
    ASSERT_TRUE(root) << root.error();
    EXPECT_EQ(root->status, 302);
    EXPECT_EQ(root->header("location"), "/console/");

    for (const char* path : {"/console/missing.js", "/console/../telecentre.db", "/console/.hidden"}) {
        auto missing = client()->request("GET", path, {}, {});
        ASSERT_TRUE(missing) << missing.error();
        EXPECT_EQ(missing->status, 404) << path;
    }
    auto post = client()->request("POST", "/console/", "x", {{"Content-Type", "text/plain"}});
    ASSERT_TRUE(post) << post.error();
    EXPECT_EQ(post->status, 405);
}

} // namespace
} // namespace telecentre::backend::test
