#include "telecentre/platform/tls/certificate_authority.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace telecentre::platform::tls {
namespace {

std::string errno_text(const std::string& what, const std::filesystem::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

// Writes through "<file>.tmp" created with the final mode, then renames: the mode is right from
// the first byte (no window where a key is readable by others) and readers see old or new, never half.
std::expected<void, std::string> write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
    const std::filesystem::path temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        return std::unexpected(errno_text("cannot create", temporary));
    }
    // open() honours the umask; fchmod makes the mode exact either way.
    bool ok = ::fchmod(fd, mode) == 0;
    std::size_t written = 0;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        written += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const std::string failure = ok ? std::string() : errno_text("cannot write", temporary);
    ::close(fd);
    if (!ok) {
        ::unlink(temporary.c_str());
        return std::unexpected(failure);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        return std::unexpected(errno_text("cannot rename into", path));
    }
    return {};
}

std::expected<std::string, std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::unexpected("cannot open " + path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::expected<void, std::string> write_identity(const PemIdentity& identity,
                                                const std::filesystem::path& certificate_file,
                                                const std::filesystem::path& key_file) {
    if (auto written = write_file(key_file, identity.private_key_pem, 0600); !written) {
        return written;
    }
    return write_file(certificate_file, identity.certificate_pem, 0644);
}

std::expected<PemIdentity, std::string> read_identity(const std::filesystem::path& certificate_file,
                                                      const std::filesystem::path& key_file) {
    auto certificate = read_file(certificate_file);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    auto key = read_file(key_file);
    if (!key) {
        return std::unexpected(key.error());
    }
    return PemIdentity{std::move(*certificate), std::move(*key)};
}

std::expected<DevelopmentPki, std::string> ensure_development_pki(const std::filesystem::path& folder,
                                                                  const ServerCertificateOptions& server_options) {
    DevelopmentPki pki;
    pki.ca_file = folder / "ca.pem";
    pki.server_certificate_file = folder / "server.pem";
    pki.server_key_file = folder / "server-key.pem";
    const auto ca_key_file = folder / "ca-key.pem";

    std::error_code error;
    if (std::filesystem::exists(pki.server_certificate_file, error) &&
        std::filesystem::exists(pki.server_key_file, error)) {
        auto server = read_identity(pki.server_certificate_file, pki.server_key_file);
        if (!server) {
            return std::unexpected(server.error());
        }
        pki.server = std::move(*server);
        // The CA key is only needed to issue; a deployment may have moved it away.
        auto authority = read_identity(pki.ca_file, ca_key_file);
        if (authority) {
            pki.authority = std::move(*authority);
        }
        return pki;
    }

    std::filesystem::create_directories(folder, error);
    if (error) {
        return std::unexpected("cannot create " + folder.string() + ": " + error.message());
    }
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);

    auto authority = generate_certificate_authority();
    if (!authority) {
        return std::unexpected(authority.error());
    }
    auto server = issue_server_certificate(*authority, server_options);
    if (!server) {
        return std::unexpected(server.error());
    }
    if (auto written = write_identity(*authority, pki.ca_file, ca_key_file); !written) {
        return std::unexpected(written.error());
    }
    if (auto written = write_identity(*server, pki.server_certificate_file, pki.server_key_file); !written) {
        return std::unexpected(written.error());
    }
    pki.authority = std::move(*authority);
    pki.server = std::move(*server);
    pki.created = true;
    return pki;
}

} // namespace telecentre::platform::tls
