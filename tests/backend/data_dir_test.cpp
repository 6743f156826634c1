// First run in a data folder: database, development PKI, device provisioning and --demo setup.
#include "telecentre/backend/demo.hpp"
#include "telecentre/backend/devices.hpp"
#include "telecentre/backend/server.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace telecentre::backend::test {

using telecentre::testing::first_line;
using telecentre::testing::TempDir;
namespace {

using namespace std::chrono;

unsigned mode_of(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 0777;
}

TEST(DataDir, FirstRunCreatesDatabaseAndDevelopmentPki) {
    TempDir dir;
    const auto data = dir.path() / "data";
    ServerConfig config;
    config.data_dir = data;
    config.port = 0;
    config.request_log = [](const RequestLogEntry&) {};
    auto server = Server::open(config);
    ASSERT_TRUE(server) << server.error();
    EXPECT_TRUE(std::filesystem::exists(data / "telecentre.db"));
    EXPECT_EQ(mode_of(data), 0700u);
    EXPECT_EQ(mode_of(data / "tls" / "server-key.pem"), 0600u);
    EXPECT_EQ(mode_of(data / "tls" / "ca-key.pem"), 0600u);
    EXPECT_EQ((*server)->development_ca_file(), data / "tls" / "ca.pem");
    const auto ca = first_line(data / "tls" / "ca.pem");
    server->reset();

    // Second run: same CA, so kiosks keep trusting the backend.
    auto again = Server::open(config);
    ASSERT_TRUE(again) << again.error();
    EXPECT_EQ(first_line(data / "tls" / "ca.pem"), ca);
}

TEST(DataDir, ProvisionedTokenAuthenticatesForItsSiteOnly) {
    TempDir dir;
    auto store = open_data_store(dir.path());
    ASSERT_TRUE(store) << store.error();
    auto device = provision_device(**store, "ydes", "Borne entrée", floor<seconds>(system_clock::now()));
    ASSERT_TRUE(device) << device.error().message;
    EXPECT_TRUE(device->token.starts_with("tck_"));
    auto found = authenticate_device(**store, device->token);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->site_id, "ydes");
    auto wrong_site = provision_device(**store, "paris", "x", floor<seconds>(system_clock::now()));
    ASSERT_FALSE(wrong_site);
    EXPECT_EQ(wrong_site.error().kind, ErrorKind::not_found);
}

TEST(DataDir, DemoSetupIsIdempotent) {
    TempDir dir;
    auto store = open_data_store(dir.path());
    ASSERT_TRUE(store) << store.error();
    const auto now = floor<seconds>(system_clock::now());
    auto first = prepare_demo(**store, dir.path(), now);
    ASSERT_TRUE(first) << first.error();
    EXPECT_EQ(first->kiosks.size(), 11u);
    EXPECT_GT(first->bookings_added, 15);
    const auto token_file = dir.path() / "devices" / "murat.token";
    EXPECT_EQ(mode_of(token_file), 0600u);
    const auto token = first_line(token_file);
    auto device = authenticate_device(**store, token);
    ASSERT_TRUE(device && *device);
    EXPECT_EQ((*device)->site_id, "murat");

    auto second = prepare_demo(**store, dir.path(), now);
    ASSERT_TRUE(second) << second.error();
    EXPECT_EQ(second->bookings_added, 0);
    EXPECT_FALSE(second->kiosks.front().created);
    EXPECT_EQ(first_line(token_file), token);
}

} // namespace
} // namespace telecentre::backend::test
