// The console's statistics endpoints through the real HTTPS server, on both stores: who may read
// and write what (the role matrix, asserted both ways), the evaluation report as CSV, and bad
// input answered 400 with a message, never 500.
#include "booking_fixture.hpp"
#include "telecentre/backend/staff_service.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

constexpr const char* kPassword = "un mot de passe assez long";

class StatisticsApi : public BookingTest {
protected:
    void SetUp() override {
        BookingTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        m_cookies["admin"] = staff_cookie("coordination", StaffRole::admin, std::nullopt);
        m_cookies["animateur murat"] = staff_cookie("anim-murat", StaffRole::animateur, "murat");
        m_cookies["animateur a2ex"] = staff_cookie("anim-a2ex", StaffRole::animateur, "aurillac-a2ex");
        m_cookies["reception"] = staff_cookie("accueil", StaffRole::reception, std::nullopt);
        m_cookies["nobody"] = "";
    }

    std::string staff_cookie(const std::string& login, StaffRole role, const std::optional<std::string>& site) {
        StaffService staff(store(), [this] { return server_now(); });
        auto added = staff.add_staff(login, "Staff " + login, role, site, kPassword);
        EXPECT_TRUE(added) << added.error().message;
        auto session = staff.log_in(login, kPassword);
        EXPECT_TRUE(session) << session.error().message;
        return session ? "tc_staff=" + session->token : std::string{};
    }

    HttpReply as(const std::string& who, const std::string& method, const std::string& target,
                 const std::string& body = "", const std::string& content_type = "application/json") {
        Headers headers;
        if (!m_cookies.at(who).empty()) {
            headers.emplace_back("Cookie", m_cookies.at(who));
        }
        if (!content_type.empty()) {
            headers.emplace_back("Content-Type", content_type);
        }
        auto reply = client()->request(method, target, body, headers);
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }

    static std::string error_code(const HttpReply& reply) {
        const auto json = nlohmann::json::parse(reply.body, nullptr, false);
        return json.is_object() && json.contains("error") && json["error"].is_object() &&
                       json["error"].contains("code") && json["error"]["code"].is_string()
                   ? json["error"]["code"].get<std::string>()
                   : std::string("(no error code in " + reply.body + ")");
    }

    std::map<std::string, std::string> m_cookies;
};

TEST_P(StatisticsApi, EachRoleGetsWhatItMayAndIsRefusedTheRest) {
    const std::string murat_stats = "/v1/console/statistics?from=2027-01-01&to=2027-03-31&site=murat";
    const std::string network_stats = "/v1/console/statistics?from=2027-01-01&to=2027-03-31";
    const std::string a2ex_stats = "/v1/console/statistics?from=2027-01-01&to=2027-03-31&site=aurillac-a2ex";
    const std::string evaluation = "/v1/console/evaluation?year=2027";
    const std::string csv = "/v1/console/evaluation?year=2027&format=csv";
    const std::string cost = "/v1/console/sites/murat/costs/2027";
    struct Case {
        std::string who;
        std::string method;
        std::string target;
        int status;
    };
    const std::vector<Case> cases{
        {"admin", "GET", murat_stats, 200},
        {"admin", "GET", network_stats, 200},
        {"admin", "GET", a2ex_stats, 200},
        {"admin", "GET", evaluation, 200},
        {"admin", "GET", csv, 200},
        {"admin", "PUT", cost, 200},
        {"animateur murat", "GET", murat_stats, 200},
        {"animateur murat", "GET", network_stats, 403},
        {"animateur murat", "GET", a2ex_stats, 403},
        {"animateur murat", "GET", evaluation, 200},
        {"animateur murat", "GET", csv, 200},
        {"animateur murat", "PUT", cost, 403},
        {"animateur a2ex", "GET", murat_stats, 403},
        {"animateur a2ex", "GET", network_stats, 403},
        {"animateur a2ex", "GET", a2ex_stats, 200},
        {"animateur a2ex", "PUT", cost, 403},
        {"reception", "GET", murat_stats, 403},
        {"reception", "GET", network_stats, 403},
        {"reception", "GET", evaluation, 403},
        {"reception", "GET", csv, 403},
        {"reception", "PUT", cost, 403},
        {"nobody", "GET", murat_stats, 401},
        {"nobody", "GET", network_stats, 401},
        {"nobody", "GET", evaluation, 401},
        {"nobody", "GET", csv, 401},
        {"nobody", "PUT", cost, 401},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.who + " " + c.method + " " + c.target);
        const auto reply = as(c.who, c.method, c.target, c.method == "PUT" ? R"({"cost_cents": 5420000})" : "");
        EXPECT_EQ(reply.status, c.status) << reply.body;
        if (c.status == 403) {
            EXPECT_TRUE(error_code(reply) == "forbidden" || error_code(reply) == "forbidden_site") << reply.body;
        }
        if (c.status == 401) {
            EXPECT_EQ(error_code(reply), "unauthenticated");
        }
    }

    // What the allowed ones see: an animateur's report is their site's row, without the network.
    const auto own = nlohmann::json::parse(as("animateur murat", "GET", evaluation).body);
    ASSERT_EQ(own["sites"].size(), 1u);
    EXPECT_EQ(own["sites"][0]["site_id"], "murat");
    EXPECT_TRUE(own["network"].is_null());
    const auto all = nlohmann::json::parse(as("admin", "GET", evaluation).body);
    EXPECT_EQ(all["sites"].size(), 11u);
    EXPECT_EQ(all["network"]["positions"]["total"], 58);
    EXPECT_EQ(all["network"]["positions"]["office"], 34);
    EXPECT_EQ(all["network"]["positions"]["open_space"], 24);
    const auto murat = nlohmann::json::parse(as("animateur murat", "GET", murat_stats).body);
    ASSERT_EQ(murat["sites"].size(), 1u);
    EXPECT_EQ(murat["sites"][0]["hours_by_month"].size(), 3u);
    EXPECT_EQ(murat["not_available"], nlohmann::json({"visitors", "trainings"}));
    const auto network = nlohmann::json::parse(as("admin", "GET", network_stats).body);
    EXPECT_EQ(network["sites"].size(), 11u);
}

TEST_P(StatisticsApi, TheEvaluationComesAsCsvWithTheCostPerPositionOnlyWhereACostWasEntered) {
    auto set = as("admin", "PUT", "/v1/console/sites/cassaniouze/costs/2027", R"({"cost_cents": 280200})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(nlohmann::json::parse(set.body), nlohmann::json::parse(R"({"site_id":"cassaniouze","year":2027,
                                                                         "cost_cents":280200})"));
    const auto reply = as("admin", "GET", "/v1/console/evaluation?year=2027&format=csv");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(reply.header("content-disposition"), "attachment; filename=\"evaluation-2027.csv\"");
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < reply.body.size();) {
        const auto end = reply.body.find("\r\n", at);
        ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
        lines.push_back(reply.body.substr(at, end - at));
        at = end + 2;
    }
    ASSERT_EQ(lines.size(), 1u + 11u + 1u) << "header, the sites, the network";
    EXPECT_EQ(lines[0], "site_id,site,bureaux,postes_open_space,postes,utilisateurs,heures_utilisation,"
                        "taux_remplissage_moyen_pct,adherents_pass,cout_annuel_eur,cout_par_poste_eur");
    const auto cassaniouze = std::find_if(lines.begin(), lines.end(),
                                          [](const std::string& line) { return line.starts_with("cassaniouze,"); });
    ASSERT_NE(cassaniouze, lines.end());
    // Three offices, nobody yet (0 h, 0 % filled), the pass members the demo seed holds, the cost.
    EXPECT_NE(cassaniouze->find(",3,0,3,0,0.0,0.0,"), std::string::npos) << *cassaniouze;
    EXPECT_TRUE(cassaniouze->ends_with(",2802.00,934.00")) << *cassaniouze;
    const auto murat =
        std::find_if(lines.begin(), lines.end(), [](const std::string& line) { return line.starts_with("murat,"); });
    ASSERT_NE(murat, lines.end());
    EXPECT_TRUE(murat->ends_with(",,")) << "no cost entered: empty cells, not 0: " << *murat;
    EXPECT_TRUE(lines.back().starts_with(",Réseau,34,24,58,")) << lines.back();
    EXPECT_TRUE(lines.back().ends_with(",,")) << "ten sites without a cost: the network's is unknown";

    // Replacing a cost replaces it.
    ASSERT_EQ(as("admin", "PUT", "/v1/console/sites/cassaniouze/costs/2027", R"({"cost_cents": 0})").status, 200);
    const auto json = nlohmann::json::parse(as("admin", "GET", "/v1/console/evaluation?year=2027").body);
    for (const auto& row : json["sites"]) {
        if (row["site_id"] == "cassaniouze") {
            EXPECT_EQ(row["cost_cents"], 0);
            EXPECT_EQ(row["cost_per_position_cents"], 0.0);
        } else {
            EXPECT_TRUE(row["cost_cents"].is_null());
            EXPECT_TRUE(row["cost_per_position_cents"].is_null());
        }
    }
}

TEST_P(StatisticsApi, BadInputIsA400WithAMessage) {
    const std::vector<std::string> gets{
        "/v1/console/statistics?to=2027-01-31",
        "/v1/console/statistics?from=2027-01-01",
        "/v1/console/statistics?from=2027-13-01&to=2027-12-31",
        "/v1/console/statistics?from=2027-02-30&to=2027-03-31",
        "/v1/console/statistics?from=27-01-01&to=2027-03-31",
        "/v1/console/statistics?from=+027-01-01&to=2027-03-31",
        "/v1/console/statistics?from=2027-01-01T00:00:00Z&to=2027-03-31",
        "/v1/console/statistics?from=2027-03-01&to=2027-02-28",
        "/v1/console/statistics?from=2025-01-01&to=2027-01-02",
        "/v1/console/statistics?from=2027-01-01&to=2027-01-31&site=nowhere",
        "/v1/console/statistics?from=2027-01-01&to=2027-01-31&site=Murat%20",
        "/v1/console/evaluation",
        "/v1/console/evaluation?year=abcd",
        "/v1/console/evaluation?year=20270",
        "/v1/console/evaluation?year=1999",
        "/v1/console/evaluation?year=2027&format=xml",
    };
    for (const auto& target : gets) {
        SCOPED_TRACE(target);
        const auto reply = as("admin", "GET", target);
        EXPECT_EQ(reply.status, 400) << reply.body;
        EXPECT_EQ(error_code(reply), "invalid_request");
    }
    struct Put {
        std::string target;
        std::string body;
        std::string code;
    };
    const std::vector<Put> puts{
        {"/v1/console/sites/murat/costs/2027", "{", "malformed_json"},
        {"/v1/console/sites/murat/costs/2027", R"({"cost_cents": "12"})", "invalid_request"},
        {"/v1/console/sites/murat/costs/2027", R"({"cost_cents": 12.5})", "invalid_request"},
        {"/v1/console/sites/murat/costs/2027", R"({"cost_cents": -1})", "invalid_request"},
        {"/v1/console/sites/murat/costs/2027", R"({"cost_cents": 100000000001})", "invalid_request"},
        {"/v1/console/sites/murat/costs/2027", R"({"cost": 12})", "invalid_request"},
        {"/v1/console/sites/murat/costs/2027", R"([12])", "invalid_request"},
        {"/v1/console/sites/murat/costs/twenty", R"({"cost_cents": 12})", "invalid_request"},
        {"/v1/console/sites/nowhere/costs/2027", R"({"cost_cents": 12})", "invalid_request"},
    };
    for (const auto& put : puts) {
        SCOPED_TRACE(put.target + " " + put.body);
        const auto reply = as("admin", "PUT", put.target, put.body);
        EXPECT_EQ(reply.status, 400) << reply.body;
        EXPECT_EQ(error_code(reply), put.code);
    }
    const auto not_json =
        as("admin", "PUT", "/v1/console/sites/murat/costs/2027", R"({"cost_cents": 1})", "text/plain");
    EXPECT_EQ(not_json.status, 415) << not_json.body;
    EXPECT_EQ(as("admin", "POST", "/v1/console/statistics").status, 405);
    EXPECT_EQ(as("admin", "GET", "/v1/console/sites/murat/costs/2027").status, 405);
    EXPECT_EQ(as("admin", "GET", "/v1/console/nothing").status, 404);
    auto costs = store().site_costs(2027);
    ASSERT_TRUE(costs);
    EXPECT_TRUE(costs->empty()) << "nothing refused was stored";
}

INSTANTIATE_TEST_SUITE_P(Stores, StatisticsApi, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
