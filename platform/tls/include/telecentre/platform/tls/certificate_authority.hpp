#pragma once
// A small development PKI: a self-signed CA and server certificates it signs (EC P-256, SHA-256).
// The backend makes one on its first run so it can speak HTTPS at once; tests make throwaway CAs
// (and a second, unrelated one to prove a client rejects a server it was not told to trust).
// Production networks bring certificates from their own CA and pass them on the command line.
//
// Threading: every function is self-contained and may be called from any thread.

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace telecentre::platform::tls {

// A certificate and its private key, both PEM-encoded (the key as unencrypted PKCS#8).
struct PemIdentity {
    std::string certificate_pem;
    std::string private_key_pem;
};

struct CaOptions {
    std::string common_name = "telecentre development CA";
    std::chrono::days validity{365};
};

struct ServerCertificateOptions {
    std::string common_name = "localhost";
    // Added to the subject alternative names after 127.0.0.1, ::1 and localhost, which are always
    // there. A name that parses as an IPv4/IPv6 address becomes an IP entry, anything else a DNS one.
    std::vector<std::string> extra_names;
    std::chrono::days validity{365};
};

[[nodiscard]] std::expected<PemIdentity, std::string> generate_certificate_authority(const CaOptions& options = {});

[[nodiscard]] std::expected<PemIdentity, std::string>
issue_server_certificate(const PemIdentity& authority, const ServerCertificateOptions& options = {});

// Writes the certificate (mode 0644) and the key (mode 0600) next to each other, each through a
// temporary file and a rename, so a reader never sees half a key and the key is never world-readable.
[[nodiscard]] std::expected<void, std::string> write_identity(const PemIdentity& identity,
                                                              const std::filesystem::path& certificate_file,
                                                              const std::filesystem::path& key_file);

[[nodiscard]] std::expected<PemIdentity, std::string> read_identity(const std::filesystem::path& certificate_file,
                                                                    const std::filesystem::path& key_file);

// The files of a development PKI inside one folder: ca.pem, ca-key.pem, server.pem, server-key.pem.
struct DevelopmentPki {
    PemIdentity authority;
    PemIdentity server;
    std::filesystem::path ca_file;
    std::filesystem::path server_certificate_file;
    std::filesystem::path server_key_file;
    bool created = false; // false when the files were already there and were only read
};

// Reads the PKI in `folder`, creating the folder (mode 0700) and all four files when the server
// certificate is missing. An existing set is reused as is, so kiosks keep trusting the same CA.
[[nodiscard]] std::expected<DevelopmentPki, std::string>
ensure_development_pki(const std::filesystem::path& folder, const ServerCertificateOptions& server_options = {});

} // namespace telecentre::platform::tls
