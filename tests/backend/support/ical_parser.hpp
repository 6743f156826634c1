#pragma once
// A small RFC 5545 reader for tests: checks the line rules (CRLF, at most 75 octets, folds that
// do not split UTF-8) while unfolding, then gives each VEVENT's properties with TEXT unescaped.

#include <map>
#include <string>
#include <vector>

namespace telecentre::backend::test {

struct ICalendar {
    std::map<std::string, std::string> properties; // of the VCALENDAR itself
    std::vector<std::map<std::string, std::string>> events;
    std::vector<std::string> problems; // every broken rule, empty for a valid document
};

[[nodiscard]] ICalendar parse_icalendar(const std::string& text);

} // namespace telecentre::backend::test
