#include "ical_parser.hpp"

namespace telecentre::backend::test {
namespace {

std::string unescape(const std::string& value) {
    std::string text;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
            const char next = value[++i];
            text += next == 'n' || next == 'N' ? '\n' : next;
        } else {
            text += value[i];
        }
    }
    return text;
}

} // namespace

ICalendar parse_icalendar(const std::string& text) {
    ICalendar calendar;
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const auto end = text.find("\r\n", begin);
        if (end == std::string::npos) {
            calendar.problems.push_back("the last line does not end with CRLF");
            break;
        }
        const auto line = text.substr(begin, end - begin);
        if (line.size() > 75) {
            calendar.problems.push_back("line longer than 75 octets: " + line);
        }
        if (line.find('\n') != std::string::npos) {
            calendar.problems.push_back("bare LF inside a line");
        }
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            if (lines.empty()) {
                calendar.problems.push_back("continuation without a line");
            } else if (line.size() > 1 && (static_cast<unsigned char>(line[1]) & 0xC0) == 0x80) {
                calendar.problems.push_back("a fold splits a UTF-8 character");
            }
            if (!lines.empty()) {
                lines.back() += line.substr(1);
            }
        } else {
            lines.push_back(line);
        }
        begin = end + 2;
    }
    std::map<std::string, std::string>* current = &calendar.properties;
    for (const auto& line : lines) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            calendar.problems.push_back("no colon: " + line);
            continue;
        }
        const auto name = line.substr(0, colon);
        const auto value = line.substr(colon + 1);
        if (name == "BEGIN" && value == "VEVENT") {
            calendar.events.emplace_back();
            current = &calendar.events.back();
        } else if (name == "END" && value == "VEVENT") {
            current = &calendar.properties;
        } else {
            (*current)[name] = unescape(value);
        }
    }
    if (lines.empty() || lines.front() != "BEGIN:VCALENDAR" || lines.back() != "END:VCALENDAR") {
        calendar.problems.push_back("not a VCALENDAR");
    }
    return calendar;
}

} // namespace telecentre::backend::test
