#include "telecentre/wire/live_codec.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::wire {
namespace {

using nlohmann::json;

std::expected<json, std::string> parse_object(std::string_view text, std::string_view expected_type) {
    json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
        return std::unexpected("not a JSON object");
    }
    const auto type = document.find("type");
    if (type == document.end() || !type->is_string() || type->get_ref<const std::string&>() != expected_type) {
        return std::unexpected("not a \"" + std::string(expected_type) + "\" message");
    }
    return document;
}

std::expected<std::string, std::string> string_member(const json& object, const char* name) {
    const auto value = object.find(name);
    if (value == object.end() || !value->is_string()) {
        return std::unexpected(std::string("field \"") + name + "\" must be a string");
    }
    return value->get<std::string>();
}

} // namespace

std::expected<std::string, LiveError> live_message_type(std::string_view text) {
    json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        return std::unexpected(LiveError{"malformed_json", "the message is not valid JSON"});
    }
    if (!document.is_object()) {
        return std::unexpected(LiveError{"invalid_message", "a message is a JSON object"});
    }
    const auto type = document.find("type");
    if (type == document.end() || !type->is_string() || type->get_ref<const std::string&>().empty()) {
        return std::unexpected(LiveError{"invalid_message", "a message has a string field \"type\""});
    }
    return type->get<std::string>();
}

std::string encode(const LiveHello& hello) {
    return json{{"type", "hello"}, {"site", hello.site}, {"device", hello.device}}.dump();
}

std::string encode(const LiveError& error) {
    return json{{"type", "error"}, {"code", error.code}, {"message", error.message}}.dump();
}

std::string encode_live_auth(std::string_view token) {
    return json{{"type", "auth"}, {"token", std::string(token)}}.dump();
}

std::string encode_live_ping() { return R"({"type":"ping"})"; }

std::string encode_live_pong() { return R"({"type":"pong"})"; }

std::expected<LiveHello, std::string> decode_live_hello(std::string_view text) {
    auto document = parse_object(text, "hello");
    if (!document) {
        return std::unexpected(document.error());
    }
    auto site = string_member(*document, "site");
    auto device = string_member(*document, "device");
    if (!site || !device) {
        return std::unexpected(site ? device.error() : site.error());
    }
    return LiveHello{std::move(*site), std::move(*device)};
}

std::expected<LiveError, std::string> decode_live_error(std::string_view text) {
    auto document = parse_object(text, "error");
    if (!document) {
        return std::unexpected(document.error());
    }
    auto code = string_member(*document, "code");
    auto message = string_member(*document, "message");
    if (!code || !message) {
        return std::unexpected(code ? message.error() : code.error());
    }
    return LiveError{std::move(*code), std::move(*message)};
}

std::expected<std::string, std::string> decode_live_auth(std::string_view text) {
    auto document = parse_object(text, "auth");
    if (!document) {
        return std::unexpected(document.error());
    }
    return string_member(*document, "token");
}

} // namespace telecentre::wire
