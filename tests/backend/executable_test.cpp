// The telecentre-backend executable end to end: --demo first run, a kiosk check-in with the demo
// token, the demo reception agent's log-in, SIGTERM (on SQLite and on PostgreSQL); the
// provision-device, issue-calendar-feed and add-staff commands.
#include "backend_fixture.hpp"
#include "child_process.hpp"
#include "postgres_server.hpp"
#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/staff_service.hpp"
#include "telecentre/wire/codec.hpp"
#include "temp_dir.hpp"

#include <csignal>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace telecentre::backend::test {

using telecentre::testing::PostgresServer;
using telecentre::testing::TempDir;
namespace {

using namespace std::chrono;

constexpr auto kPatience = seconds(60); // a first run under ASan makes keys and a database

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Starts the program with --demo (and `extra` options), checks a kiosk in with the demo token,
// stops it with SIGTERM. `stderr_file`: where its stderr goes, when not empty.
void run_demo_and_check_in(const TempDir& dir, const std::vector<std::string>& extra,
                           const std::filesystem::path& stderr_file = {}) {
    const auto data = dir.path() / "data";
    const auto port_file = dir.path() / "port";
    std::vector<std::string> argv{TELECENTRE_BACKEND_EXE, "--data-dir",  data.string(),      "--listen",
                                  "127.0.0.1:0",          "--port-file", port_file.string(), "--demo"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (!stderr_file.empty()) {
        argv.insert(argv.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>" + stderr_file.string()});
    }
    auto child = ChildProcess::spawn(argv);
    ASSERT_TRUE(child) << child.error();

    std::uint16_t port = 0;
    const std::string ready = "telecentre-backend listening on https://127.0.0.1:";
    for (int line_number = 0; line_number < 5 && port == 0; ++line_number) {
        auto line = child->read_line(kPatience);
        ASSERT_TRUE(line) << line.error();
        if (line->starts_with(ready)) {
            port = static_cast<std::uint16_t>(std::stoi(line->substr(ready.size())));
        }
    }
    ASSERT_NE(port, 0);
    EXPECT_EQ(read_text(port_file), std::to_string(port) + "\n");

    const auto token = read_text(data / "devices" / "murat.token");
    ASSERT_TRUE(token.starts_with("tck_"));
    HttpsClient kiosk(port, {read_text(data / "tls" / "ca.pem"), std::nullopt});
    auto reply = kiosk.request(
        "POST", "/v1/checkins",
        wire::encode(
            wire::CheckinRequest{"murat", kElodieActiveMurat, wire::Direction::automatic, now_seconds(), false}),
        {{"Authorization", "Bearer " + token.substr(0, token.size() - 1)}, {"Idempotency-Key", "demo-1"}});
    ASSERT_TRUE(reply) << reply.error();
    ASSERT_EQ(reply->status, 200) << reply->body;
    auto answer = wire::decode_checkin_response(reply->body);
    ASSERT_TRUE(answer) << answer.error();
    EXPECT_EQ(answer->outcome, wire::CheckinOutcome::checked_in);
    EXPECT_GE(answer->bookings_today.size(), 2u) << "--demo books today for the demo members";

    // The demo reception agent logs in to the staff console with the password from its file.
    const auto password_file = data / "staff" / "accueil.password";
    struct stat info {};
    ASSERT_EQ(::stat(password_file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    auto password = read_text(password_file);
    ASSERT_TRUE(password.ends_with("\n"));
    password.pop_back();
    auto staff = kiosk.request("POST", "/v1/staff/session", R"({"login":"accueil","password":")" + password + "\"}",
                               {{"Content-Type", "application/json"}});
    ASSERT_TRUE(staff) << staff.error();
    EXPECT_EQ(staff->status, 200) << staff->body;
    EXPECT_NE(staff->body.find("Accueil du r\u00e9seau"), std::string::npos) << staff->body;

    child->send_signal(SIGTERM);
    auto status = child->wait(kPatience);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 0);
}

TEST(Executable, DemoRunServesAKioskAndStopsOnSigterm) {
    TempDir dir;
    run_demo_and_check_in(dir, {});
}

// The same on a PostgreSQL database given as a URL with a password, which no output may show.
TEST(Executable, DemoRunOnPostgreSQLNeverShowsThePassword) {
    auto server = PostgresServer::shared();
    ASSERT_TRUE(server) << server.error();
    auto database = (*server)->create_database();
    ASSERT_TRUE(database) << database.error();
    const std::string secret = "Pw-9f3a77c1";
    // The test server trusts 127.0.0.1, so the password is carried but not needed.
    const auto url = "postgresql://postgres:" + secret +
                     "@127.0.0.1:" + PostgresServer::conninfo_value(*database, "port") + "/" +
                     PostgresServer::conninfo_value(*database, "dbname");
    TempDir dir;
    const auto log = dir.path() / "stderr.log";
    run_demo_and_check_in(dir, {"--database", url}, log);
    const auto logged = read_text(log);
    EXPECT_NE(logged.find("data in PostgreSQL database " + PostgresServer::conninfo_value(*database, "dbname")),
              std::string::npos)
        << logged;
    EXPECT_EQ(logged.find(secret), std::string::npos) << logged;
    // The demo staff password's file is named, the password itself never shown.
    auto staff_password = read_text(dir.path() / "data" / "staff" / "accueil.password");
    ASSERT_FALSE(staff_password.empty());
    staff_password.pop_back();
    EXPECT_NE(logged.find("demo: staff login \"accueil\", its password in "), std::string::npos) << logged;
    EXPECT_EQ(logged.find(staff_password), std::string::npos) << logged;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "data" / "telecentre.db"));

    auto provision =
        ChildProcess::spawn({TELECENTRE_BACKEND_EXE, "provision-device", "--data-dir", (dir.path() / "data").string(),
                             "--database", url, "--site", "ydes", "--name", "Borne"});
    ASSERT_TRUE(provision) << provision.error();
    auto output = provision->read_all(kPatience);
    ASSERT_TRUE(output) << output.error();
    EXPECT_TRUE(output->starts_with("tck_")) << *output;
    auto status = provision->wait(kPatience);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 0);
}

// A site's staff subscribe to a room's bookings: the command prints a secret path whose feed names
// the room and its holders; an unknown room is an error.
TEST(Executable, IssueCalendarFeedForARoom) {
    TempDir dir;
    auto child = ChildProcess::spawn({TELECENTRE_BACKEND_EXE, "issue-calendar-feed", "--data-dir", dir.path().string(),
                                      "--resource", "murat-salle-visio"});
    ASSERT_TRUE(child) << child.error();
    auto output = child->read_all(kPatience);
    ASSERT_TRUE(output) << output.error();
    auto status = child->wait(kPatience);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 0);
    ASSERT_TRUE(output->starts_with("/calendar/") && output->ends_with(".ics\n")) << *output;
    const std::string token = output->substr(10, output->size() - 10 - 5);
    EXPECT_EQ(token.size(), 64u);

    auto store = open_data_store(dir.path());
    ASSERT_TRUE(store) << store.error();
    BookingService bookings{**store};
    auto feed = bookings.calendar(token);
    ASSERT_TRUE(feed) << feed.error().message;
    EXPECT_NE(feed->find("BEGIN:VCALENDAR"), std::string::npos);
    EXPECT_NE(feed->find("Salle de visioconf"), std::string::npos) << *feed;
    EXPECT_FALSE(bookings.calendar(std::string(64, '0'))) << "a guessed token finds nothing";

    auto unknown = ChildProcess::spawn({TELECENTRE_BACKEND_EXE, "issue-calendar-feed", "--data-dir",
                                        dir.path().string(), "--resource", "murat-nowhere"});
    ASSERT_TRUE(unknown) << unknown.error();
    auto failed = unknown->wait(kPatience);
    ASSERT_TRUE(failed) << failed.error();
    EXPECT_EQ(*failed, 1);
}

TEST(Executable, ProvisionDevicePrintsOnlyTheToken) {
    TempDir dir;
    auto child = ChildProcess::spawn({TELECENTRE_BACKEND_EXE, "provision-device", "--data-dir", dir.path().string(),
                                      "--site", "ydes", "--name", "Borne d'accueil"});
    ASSERT_TRUE(child) << child.error();
    auto output = child->read_all(kPatience);
    ASSERT_TRUE(output) << output.error();
    EXPECT_TRUE(output->starts_with("tck_")) << *output;
    EXPECT_EQ(output->size(), 4u + 64u + 1u) << *output;
    auto status = child->wait(kPatience);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 0);

    auto unknown = ChildProcess::spawn({TELECENTRE_BACKEND_EXE, "provision-device", "--data-dir", dir.path().string(),
                                        "--site", "paris", "--name", "x"});
    ASSERT_TRUE(unknown) << unknown.error();
    auto failed = unknown->wait(kPatience);
    ASSERT_TRUE(failed) << failed.error();
    EXPECT_EQ(*failed, 1);
}

// The password goes on stdin, never on the command line; the account's id alone on stdout.
TEST(Executable, AddStaffReadsThePasswordFromStdin) {
    TempDir dir;
    const auto password_file = dir.path() / "password";
    std::ofstream(password_file) << "une phrase de passe\n";
    const auto add = [&](const std::string& login, const std::filesystem::path& input) {
        return ChildProcess::spawn({"/bin/sh", "-c", "exec \"$0\" \"$@\" <" + input.string(), TELECENTRE_BACKEND_EXE,
                                    "add-staff", "--data-dir", (dir.path() / "data").string(), "--login", login,
                                    "--name", "Accueil de Murat", "--role", "animateur", "--site", "murat"});
    };
    auto child = add("Anim.Murat", password_file);
    ASSERT_TRUE(child) << child.error();
    auto output = child->read_all(kPatience);
    ASSERT_TRUE(output) << output.error();
    auto status = child->wait(kPatience);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 0);
    ASSERT_TRUE(output->starts_with("stf_") && output->ends_with("\n")) << *output;
    EXPECT_EQ(output->size(), 4u + 16u + 1u) << *output;

    auto store = open_data_store(dir.path() / "data");
    ASSERT_TRUE(store) << store.error();
    StaffService staff{**store};
    auto session = staff.log_in("anim.murat", "une phrase de passe");
    ASSERT_TRUE(session) << session.error().message;
    EXPECT_EQ(session->staff.id, output->substr(0, output->size() - 1));
    EXPECT_EQ(session->staff.site_id, "murat");

    // Taken login, short password, empty input: refused, nothing printed.
    const auto short_file = dir.path() / "short";
    std::ofstream(short_file) << "court\n";
    const auto empty_file = dir.path() / "empty";
    std::ofstream(empty_file) << "";
    for (const auto& [login, input] : std::vector<std::pair<std::string, std::filesystem::path>>{
             {"anim.murat", password_file}, {"other", short_file}, {"another", empty_file}}) {
        auto refused = add(login, input);
        ASSERT_TRUE(refused) << refused.error();
        auto printed = refused->read_all(kPatience);
        ASSERT_TRUE(printed) << printed.error();
        EXPECT_EQ(*printed, "") << login;
        auto failed = refused->wait(kPatience);
        ASSERT_TRUE(failed) << failed.error();
        EXPECT_EQ(*failed, 1) << login;
    }
}

} // namespace
} // namespace telecentre::backend::test
