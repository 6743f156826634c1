// The evaluation report as CSV for a spreadsheet (RFC 4180): comma-separated, a dot before
// decimals, text quoted when it holds a comma, a quote or a line end, CRLF line ends, UTF-8
// without a byte-order mark. An absent figure is an empty cell, never 0.
#include "telecentre/backend/statistics_service.hpp"

#include <cstdio>

namespace telecentre::backend {
namespace {

std::string quoted(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (char c : text) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string line(const EvaluationRow& row) {
    std::string out = quoted(row.site_id) + "," + quoted(row.site_name) + "," + std::to_string(row.offices) + "," +
                      std::to_string(row.open_space) + "," + std::to_string(row.positions) + "," +
                      std::to_string(row.users) + "," + fixed(static_cast<double>(row.seconds_of_use) / 3600.0, 1) +
                      ",";
    out += row.fill_rate ? fixed(*row.fill_rate * 100.0, 1) : "";
    out += "," + std::to_string(row.pass_members) + ",";
    out += row.cost_cents ? fixed(static_cast<double>(*row.cost_cents) / 100.0, 2) : "";
    out += ",";
    out += row.cost_per_position_cents ? fixed(*row.cost_per_position_cents / 100.0, 2) : "";
    return out + "\r\n";
}

} // namespace

std::string evaluation_csv(const EvaluationReport& report) {
    std::string csv = "site_id,site,bureaux,postes_open_space,postes,utilisateurs,heures_utilisation,"
                      "taux_remplissage_moyen_pct,adherents_pass,cout_annuel_eur,cout_par_poste_eur\r\n";
    for (const auto& row : report.sites) {
        csv += line(row);
    }
    if (report.network) {
        csv += line(*report.network);
    }
    return csv;
}

} // namespace telecentre::backend
