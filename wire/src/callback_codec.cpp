#include "telecentre/wire/callback_codec.hpp"

#include "json_fields.hpp"

#include <algorithm>

namespace telecentre::wire {
namespace {

using namespace detail;

constexpr std::size_t kCallbackIdLimit = 64;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Typed on the kiosk's keyboard and shown on staff screens: no line breaks, no escapes.
std::string typed_text(const json& doc, const char* name, std::size_t limit) {
    auto text = string_field(doc, name, limit);
    if (has_control_characters(text)) {
        throw DecodeError{std::string("field \"") + name + "\" has control characters"};
    }
    return text;
}

// Our own ids (call_..., cb_...): plain ASCII tokens.
std::string id_text(const json& doc, const char* name) {
    auto id = string_field(doc, name, kCallbackIdLimit);
    if (id.empty() || !std::ranges::all_of(id, [](char c) {
            return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
        })) {
        throw DecodeError{std::string("field \"") + name + "\" is not an id"};
    }
    return id;
}

std::optional<std::string> optional_id(const json& doc, const char* name) {
    if (!doc.contains(name) || doc[name].is_null()) {
        return std::nullopt;
    }
    return id_text(doc, name);
}

std::optional<TimePoint> optional_time(const json& doc, const char* name) {
    if (!doc.contains(name) || doc[name].is_null()) {
        return std::nullopt;
    }
    return time_field(doc, name);
}

template <typename T> json nullable(const std::optional<T>& value) { return value ? json(*value) : json(nullptr); }

json callback_json(const Callback& callback) {
    return json{{"id", callback.id},
                {"site_id", callback.site_id},
                {"site_name", callback.site_name},
                {"visitor_name", callback.visitor_name},
                {"phone", callback.phone},
                {"reason", callback.reason},
                {"call_id", nullable(callback.call_id)},
                {"requested_at", format_time(callback.requested_at)},
                {"handled_at", callback.handled_at ? json(format_time(*callback.handled_at)) : json(nullptr)},
                {"handled_by", nullable(callback.handled_by)}};
}

Callback callback_from(const json& doc) {
    Callback callback;
    callback.id = id_text(doc, "id");
    callback.site_id = string_field(doc, "site_id", 64);
    callback.site_name = string_field(doc, "site_name", 256);
    callback.visitor_name = typed_text(doc, "visitor_name", kCallbackNameLimit);
    callback.phone = string_field(doc, "phone", kPhoneLimit);
    callback.reason = typed_text(doc, "reason", kCallbackReasonLimit);
    callback.call_id = optional_id(doc, "call_id");
    callback.requested_at = time_field(doc, "requested_at");
    callback.handled_at = optional_time(doc, "handled_at");
    callback.handled_by = optional_id(doc, "handled_by");
    return callback;
}

} // namespace

bool valid_callback_phone(std::string_view phone) {
    if (phone.size() < kPhoneMinimum || phone.size() > kPhoneLimit) {
        return false;
    }
    const bool allowed = std::ranges::all_of(phone, [](char c) {
        return is_digit(c) || c == ' ' || c == '+' || c == '.' || c == '-' || c == '(' || c == ')';
    });
    return allowed && static_cast<std::size_t>(std::ranges::count_if(phone, is_digit)) >= kPhoneMinimum;
}

bool has_control_characters(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) {
            return true;
        }
        // C1 controls, U+0080 to U+009F: C2 80 to C2 9F in UTF-8.
        if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            return true;
        }
    }
    return false;
}

std::string encode(const CallbackRequest& request) {
    json doc{{"visitor_name", request.visitor_name}, {"phone", request.phone}, {"reason", request.reason}};
    if (request.call_id) {
        doc["call_id"] = *request.call_id;
    }
    return doc.dump();
}

std::string encode(const Callback& callback) { return callback_json(callback).dump(); }

std::string encode(const CallbackList& list) {
    json callbacks = json::array();
    for (const auto& callback : list.callbacks) {
        callbacks.push_back(callback_json(callback));
    }
    return json{{"callbacks", std::move(callbacks)}}.dump();
}

std::string encode_callbacks_changed() { return R"({"type":"callbacks.changed"})"; }

std::expected<CallbackRequest, std::string> decode_callback_request(std::string_view text) {
    return decode_document<CallbackRequest>(text, [](const json& doc) {
        if (!doc.is_object()) {
            throw DecodeError{"expected a JSON object"};
        }
        CallbackRequest request;
        request.visitor_name = typed_text(doc, "visitor_name", kCallbackNameLimit);
        if (std::ranges::all_of(request.visitor_name, [](char c) { return c == ' '; })) {
            throw DecodeError{"field \"visitor_name\" is empty: who should be called back?"};
        }
        const json& phone = field(doc, "phone");
        if (!phone.is_string() || !valid_callback_phone(phone.get_ref<const std::string&>())) {
            throw DecodeError{
                "field \"phone\" must be 6 to 20 of digits, spaces and + . - ( ), with at least 6 digits"};
        }
        request.phone = phone.get<std::string>();
        request.reason = doc.contains("reason") ? typed_text(doc, "reason", kCallbackReasonLimit) : std::string();
        request.call_id = optional_id(doc, "call_id");
        return request;
    });
}

std::expected<Callback, std::string> decode_callback(std::string_view text) {
    return decode_document<Callback>(text, [](const json& doc) { return callback_from(doc); });
}

std::expected<CallbackList, std::string> decode_callback_list(std::string_view text) {
    return decode_document<CallbackList>(text, [](const json& doc) {
        CallbackList list;
        for (const auto& item : array_field(doc, "callbacks")) {
            list.callbacks.push_back(callback_from(item));
        }
        return list;
    });
}

} // namespace telecentre::wire
