#pragma once
// Field readers shared by the wire codecs (private to wire/src). Decoding errors travel as
// DecodeError inside the codec files only; every public decode function catches it and returns
// std::unexpected, so nothing throws across the library's boundary.

#include "telecentre/wire/codec.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace telecentre::wire::detail {

using nlohmann::json;

struct DecodeError {
    std::string message;
};

inline const json& field(const json& object, const char* name) {
    if (!object.is_object()) {
        throw DecodeError{"expected a JSON object"};
    }
    auto it = object.find(name);
    if (it == object.end()) {
        throw DecodeError{std::string("missing field \"") + name + "\""};
    }
    return *it;
}

inline std::string string_field(const json& object, const char* name, std::size_t max_length = 4096) {
    const json& value = field(object, name);
    if (!value.is_string()) {
        throw DecodeError{std::string("field \"") + name + "\" must be a string"};
    }
    auto text = value.get<std::string>();
    if (text.size() > max_length) {
        throw DecodeError{std::string("field \"") + name + "\" is too long"};
    }
    return text;
}

inline std::int64_t integer_field(const json& object, const char* name) {
    const json& value = field(object, name);
    if (!value.is_number_integer()) {
        throw DecodeError{std::string("field \"") + name + "\" must be an integer"};
    }
    return value.get<std::int64_t>();
}

inline bool bool_field(const json& object, const char* name, std::optional<bool> fallback = std::nullopt) {
    if (fallback && (!object.is_object() || !object.contains(name))) {
        return *fallback;
    }
    const json& value = field(object, name);
    if (!value.is_boolean()) {
        throw DecodeError{std::string("field \"") + name + "\" must be true or false"};
    }
    return value.get<bool>();
}

inline const json& array_field(const json& object, const char* name) {
    const json& value = field(object, name);
    if (!value.is_array()) {
        throw DecodeError{std::string("field \"") + name + "\" must be an array"};
    }
    return value;
}

template <typename Enum, std::size_t N>
Enum enum_field(const json& object, const char* name, const std::array<Enum, N>& values) {
    const auto text = string_field(object, name, 64);
    for (Enum value : values) {
        if (text == to_string(value)) {
            return value;
        }
    }
    throw DecodeError{std::string("field \"") + name + "\" has an unknown value \"" + text + "\""};
}

inline TimePoint time_field(const json& object, const char* name) {
    auto parsed = parse_time(string_field(object, name, 64));
    if (!parsed) {
        throw DecodeError{std::string("field \"") + name + "\": " + parsed.error()};
    }
    return *parsed;
}

inline Date date_field(const json& object, const char* name) {
    auto parsed = parse_date(string_field(object, name, 64));
    if (!parsed) {
        throw DecodeError{std::string("field \"") + name + "\": " + parsed.error()};
    }
    return *parsed;
}

template <typename T, typename Decode>
std::expected<T, std::string> decode_document(std::string_view text, Decode decode) {
    json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        return std::unexpected("the body is not valid JSON");
    }
    try {
        return decode(document);
    } catch (const DecodeError& error) {
        return std::unexpected(error.message);
    } catch (const json::exception& error) {
        return std::unexpected(std::string("unexpected JSON shape: ") + error.what());
    }
}

} // namespace telecentre::wire::detail
