// Parsing the telecentre-backend command line.
#include "telecentre/backend/command_line.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace telecentre::backend::test {
namespace {

std::expected<Command, std::string> parse(std::vector<std::string_view> arguments) {
    return parse_command_line(arguments);
}

TEST(CommandLine, RunWithEverything) {
    auto command = parse({"--data-dir", "/var/lib/telecentre", "--listen", "[::1]:9443", "--port-file", "/run/port",
                          "--tls-cert", "c.pem", "--tls-key", "k.pem", "--demo"});
    ASSERT_TRUE(command) << command.error();
    const auto& run = std::get<RunCommand>(*command);
    EXPECT_EQ(run.data_dir, "/var/lib/telecentre");
    EXPECT_EQ(run.address, "::1");
    EXPECT_EQ(run.port, 9443);
    EXPECT_EQ(run.port_file, std::filesystem::path("/run/port"));
    ASSERT_TRUE(run.tls);
    EXPECT_EQ(run.tls->certificate_chain, "c.pem");
    EXPECT_TRUE(run.demo);
}

TEST(CommandLine, RunDefaults) {
    auto command = parse({"--data-dir", "d"});
    ASSERT_TRUE(command) << command.error();
    const auto& run = std::get<RunCommand>(*command);
    EXPECT_EQ(run.address, "127.0.0.1");
    EXPECT_EQ(run.port, 8443);
    EXPECT_FALSE(run.tls);
    EXPECT_FALSE(run.demo);
    EXPECT_FALSE(run.database) << "SQLite in the data folder";
}

TEST(CommandLine, MetricsTokenFile) {
    auto command = parse({"--data-dir", "d", "--metrics-token-file", "/etc/telecentre/metrics.token"});
    ASSERT_TRUE(command) << command.error();
    EXPECT_EQ(std::get<RunCommand>(*command).metrics_token, std::filesystem::path("/etc/telecentre/metrics.token"));
    auto off = parse({"--data-dir", "d"});
    ASSERT_TRUE(off) << off.error();
    EXPECT_FALSE(std::get<RunCommand>(*off).metrics_token) << "metrics are off unless asked for";
}

TEST(CommandLine, IceServersForTheConsoles) {
    auto command = parse({"--data-dir", "d", "--ice-server", "stun:stun.example:3478", "--ice-server",
                          "turn:turn.example:3478", "--turn-secret-file", "/etc/telecentre/turn.secret"});
    ASSERT_TRUE(command) << command.error();
    const auto& run = std::get<RunCommand>(*command);
    EXPECT_EQ(run.ice_servers, (std::vector<std::string>{"stun:stun.example:3478", "turn:turn.example:3478"}));
    EXPECT_EQ(run.turn_secret, std::filesystem::path("/etc/telecentre/turn.secret"));

    auto no_secret = parse({"--data-dir", "d", "--ice-server", "turn:turn.example:3478"});
    ASSERT_FALSE(no_secret);
    EXPECT_NE(no_secret.error().find("--turn-secret-file"), std::string::npos) << no_secret.error();
    auto bad = parse({"--data-dir", "d", "--ice-server", "https://stun.example"});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("--ice-server takes"), std::string::npos) << bad.error();
}

TEST(CommandLine, CallHeartbeatIsWholeSecondsUpToAnHour) {
    auto fallback = parse({"--data-dir", "d"});
    ASSERT_TRUE(fallback) << fallback.error();
    EXPECT_EQ(std::get<RunCommand>(*fallback).call_heartbeat, std::chrono::seconds{60});
    auto command = parse({"--data-dir", "d", "--call-heartbeat", "5"});
    ASSERT_TRUE(command) << command.error();
    EXPECT_EQ(std::get<RunCommand>(*command).call_heartbeat, std::chrono::seconds{5});
    for (const std::string_view bad : {"0", "3601", "-1", "5s", ""}) {
        auto refused = parse({"--data-dir", "d", "--call-heartbeat", bad});
        ASSERT_FALSE(refused) << bad;
        EXPECT_NE(refused.error().find("--call-heartbeat takes"), std::string::npos) << refused.error();
    }
}

// Conference rooms need the four Janus options together; the URLs' checks come with the server.
TEST(CommandLine, JanusOptionsGoTogether) {
    auto command = parse({"--data-dir", "d", "--janus-http", "http://127.0.0.1:8088/janus", "--janus-admin",
                          "http://127.0.0.1:7088/admin", "--janus-secrets", "/run/janus/secrets.json", "--janus-ws",
                          "wss://telecentres.example/janus", "--public-url", "https://telecentres.example",
                          "--conference-upkeep", "5"});
    ASSERT_TRUE(command) << command.error();
    const auto& run = std::get<RunCommand>(*command);
    EXPECT_EQ(run.janus_http, "http://127.0.0.1:8088/janus");
    EXPECT_EQ(run.janus_admin, "http://127.0.0.1:7088/admin");
    EXPECT_EQ(run.janus_secrets, std::filesystem::path("/run/janus/secrets.json"));
    EXPECT_EQ(run.janus_ws, "wss://telecentres.example/janus");
    EXPECT_EQ(run.public_url, "https://telecentres.example");
    EXPECT_EQ(run.conference_upkeep, std::chrono::seconds{5});
    EXPECT_EQ(std::get<RunCommand>(*parse({"--data-dir", "d"})).conference_upkeep, std::chrono::seconds{30});

    const auto error_of = [](std::vector<std::string_view> arguments) {
        auto parsed = parse(arguments);
        return parsed ? std::string("accepted") : parsed.error();
    };
    EXPECT_EQ(error_of({"--data-dir", "d", "--janus-http", "http://127.0.0.1:8088/janus"}),
              "--janus-http, --janus-admin, --janus-secrets and --janus-ws go together");
    EXPECT_EQ(error_of({"--data-dir", "d", "--janus-ws", "https://x/janus"}), "--janus-ws takes a ws:// or wss:// URL");
    EXPECT_EQ(error_of({"--data-dir", "d", "--public-url", "http://x"}),
              "--public-url takes https://HOST[:PORT], without a trailing /");
    EXPECT_EQ(error_of({"--data-dir", "d", "--conference-upkeep", "0"}),
              "--conference-upkeep takes a number of seconds from 1 to 3600");
}

TEST(CommandLine, DatabaseTakesAPostgreSQLUrlOrConninfo) {
    auto url = parse({"--data-dir", "d", "--database", "postgresql://telecentre@db.cantal.example/telecentre"});
    ASSERT_TRUE(url) << url.error();
    EXPECT_EQ(std::get<RunCommand>(*url).database, "postgresql://telecentre@db.cantal.example/telecentre");
    auto conninfo = parse({"provision-device", "--data-dir", "d", "--database", "host=/run/postgresql dbname=tc",
                           "--site", "ydes", "--name", "Borne"});
    ASSERT_TRUE(conninfo) << conninfo.error();
    EXPECT_EQ(std::get<ProvisionDeviceCommand>(*conninfo).database, "host=/run/postgresql dbname=tc");
    EXPECT_FALSE(parse({"--data-dir", "d", "--database", "mysql://x/y"}));
    EXPECT_FALSE(parse({"--data-dir", "d", "--database"}));
}

TEST(CommandLine, ProvisionDevice) {
    auto command = parse({"provision-device", "--data-dir", "d", "--site", "ydes", "--name", "Borne entrée"});
    ASSERT_TRUE(command) << command.error();
    const auto& provision = std::get<ProvisionDeviceCommand>(*command);
    EXPECT_EQ(provision.site, "ydes");
    EXPECT_EQ(provision.name, "Borne entrée");
}

TEST(CommandLine, IssueCalendarFeed) {
    auto room = parse({"issue-calendar-feed", "--data-dir", "d", "--resource", "murat-salle-visio"});
    ASSERT_TRUE(room) << room.error();
    const auto& feed = std::get<IssueCalendarFeedCommand>(*room);
    EXPECT_EQ(feed.data_dir, "d");
    EXPECT_EQ(feed.subject.kind, CalendarSubjectKind::resource);
    EXPECT_EQ(feed.subject.id, "murat-salle-visio");
    auto member = parse({"issue-calendar-feed", "--data-dir", "d", "--member", "m-42", "--database", "dbname=tc"});
    ASSERT_TRUE(member) << member.error();
    EXPECT_EQ(std::get<IssueCalendarFeedCommand>(*member).subject.kind, CalendarSubjectKind::member);
    EXPECT_EQ(std::get<IssueCalendarFeedCommand>(*member).database, "dbname=tc");

    EXPECT_FALSE(parse({"issue-calendar-feed", "--data-dir", "d"})) << "a subject is needed";
    EXPECT_FALSE(parse({"issue-calendar-feed", "--data-dir", "d", "--resource", "a", "--member", "b"}));
    EXPECT_FALSE(parse({"issue-calendar-feed", "--data-dir", "d", "--resource", "a", "--listen", "127.0.0.1:1"}));
    EXPECT_FALSE(parse({"--data-dir", "d", "--resource", "a"})) << "only with issue-calendar-feed";
}

TEST(CommandLine, AddStaff) {
    auto reception = parse(
        {"add-staff", "--data-dir", "d", "--login", "accueil", "--name", "Accueil du réseau", "--role", "reception"});
    ASSERT_TRUE(reception) << reception.error();
    const auto& account = std::get<AddStaffCommand>(*reception);
    EXPECT_EQ(account.data_dir, "d");
    EXPECT_EQ(account.login, "accueil");
    EXPECT_EQ(account.name, "Accueil du réseau");
    EXPECT_EQ(account.role, StaffRole::reception);
    EXPECT_FALSE(account.site);
    EXPECT_FALSE(account.database);

    auto animateur = parse({"add-staff", "--data-dir", "d", "--database", "dbname=tc", "--login", "anim.murat",
                            "--name", "Animatrice", "--role", "animateur", "--site", "murat"});
    ASSERT_TRUE(animateur) << animateur.error();
    EXPECT_EQ(std::get<AddStaffCommand>(*animateur).role, StaffRole::animateur);
    EXPECT_EQ(std::get<AddStaffCommand>(*animateur).site, "murat");
    EXPECT_EQ(std::get<AddStaffCommand>(*animateur).database, "dbname=tc");

    const auto error_of = [](std::vector<std::string_view> arguments) {
        auto command = parse(std::move(arguments));
        return command ? std::string() : command.error();
    };
    EXPECT_EQ(error_of({"add-staff", "--data-dir", "d", "--login", "a", "--name", "n", "--role", "reception",
                        "--password", "secret-on-the-command-line"}),
              "the password is read from stdin, never from the command line");
    EXPECT_NE(error_of({"add-staff", "--data-dir", "d", "--login", "a", "--name", "n"}), "") << "a role is needed";
    EXPECT_NE(error_of({"add-staff", "--data-dir", "d", "--login", "a", "--name", "n", "--role", "boss"}), "");
    EXPECT_NE(error_of({"add-staff", "--data-dir", "d", "--login", "a", "--name", "n", "--role", "animateur"}), "")
        << "an animateur needs a site";
    EXPECT_NE(error_of({"add-staff", "--data-dir", "d", "--name", "n", "--role", "admin"}), "");
    EXPECT_NE(error_of({"add-staff", "--login", "a", "--name", "n", "--role", "admin"}), "");
    EXPECT_NE(error_of({"--data-dir", "d", "--login", "a"}), "") << "only with add-staff";
}

TEST(CommandLine, Mistakes) {
    EXPECT_FALSE(parse({}));
    EXPECT_FALSE(parse({"--data-dir"}));
    EXPECT_FALSE(parse({"--data-dir", "d", "--listen", "127.0.0.1"}));
    EXPECT_FALSE(parse({"--data-dir", "d", "--listen", "127.0.0.1:70000"}));
    EXPECT_FALSE(parse({"--data-dir", "d", "--tls-cert", "c.pem"}));
    EXPECT_FALSE(parse({"--data-dir", "d", "--bogus", "x"}));
    EXPECT_FALSE(parse({"provision-device", "--data-dir", "d", "--site", "ydes"}));
    EXPECT_TRUE(std::holds_alternative<HelpCommand>(*parse({"--help"})));
}

} // namespace
} // namespace telecentre::backend::test
