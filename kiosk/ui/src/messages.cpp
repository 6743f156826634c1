#include "telecentre/ui/messages.hpp"

#include <array>

namespace telecentre::ui {
namespace {

// French typography: ’ for the apostrophe, … for ellipses, a narrow no-break space (U+202F) before
// ! ? ; and a no-break space (U+00A0) before : and between a number and its unit.
#define NNBSP "\u202F"
#define NBSP "\u00A0"

// clang-format off
constexpr std::array<CatalogueEntry, kMessageCount> kCatalogue{{
    {Msg::language_french, "language_french", "Français", "Français"},
    {Msg::language_english, "language_english", "English", "English"},

    {Msg::network_name, "network_name", "Réseau des télécentres du Cantal", "Cantal telecentre network"},
    {Msg::site_unnamed, "site_unnamed", "Télécentre", "Telecentre"},
    {Msg::connection_online, "connection_online", "En ligne", "Online"},
    {Msg::connection_offline, "connection_offline", "Hors ligne", "Offline"},
    {Msg::connection_unknown, "connection_unknown", "Connexion en cours…", "Connecting…"},
    {Msg::journal_pending_one, "journal_pending_one",
     "1" NBSP "passage en attente d’envoi", "1 visit waiting to be sent"},
    {Msg::journal_pending_many, "journal_pending_many",
     "{0}" NBSP "passages en attente d’envoi", "{0} visits waiting to be sent"},
    {Msg::reader_ready, "reader_ready", "Lecteur de badge prêt", "Badge reader ready"},
    {Msg::reader_starting, "reader_starting", "Démarrage du lecteur de badge…", "Badge reader starting…"},
    {Msg::reader_unavailable, "reader_unavailable", "Lecteur de badge indisponible", "Badge reader unavailable"},

    {Msg::home_instruction, "home_instruction",
     "Posez votre badge sur le lecteur", "Tap your badge on the reader"},
    {Msg::home_instruction_detail, "home_instruction_detail",
     "Pour signaler votre arrivée ou votre départ.", "To check in or to check out."},
    {Msg::home_reader_down_title, "home_reader_down_title",
     "Le lecteur de badge ne répond pas", "The badge reader is not responding"},
    {Msg::home_reader_down_detail, "home_reader_down_detail",
     "Il redémarre tout seul. En attendant, signalez votre passage à l’accueil.",
     "It restarts by itself. In the meantime, please let reception know you are here."},
    {Msg::home_reader_starting_detail, "home_reader_starting_detail",
     "Le lecteur de badge démarre, il sera prêt dans un instant.",
     "The badge reader is starting and will be ready in a moment."},

    {Msg::checking_title, "checking_title", "Un instant…", "One moment…"},
    {Msg::checking_detail, "checking_detail", "Nous vérifions votre badge.", "We are checking your badge."},

    {Msg::greeting_in_named, "greeting_in_named", "Bonjour {0}" NNBSP "!", "Hello {0}!"},
    {Msg::greeting_in, "greeting_in", "Bonjour" NNBSP "!", "Hello!"},
    {Msg::greeting_out_named, "greeting_out_named", "À bientôt {0}" NNBSP "!", "See you soon, {0}!"},
    {Msg::greeting_out, "greeting_out", "À bientôt" NNBSP "!", "See you soon!"},
    {Msg::checked_in_at, "checked_in_at", "Arrivée enregistrée à {0}", "Checked in at {0}"},
    {Msg::checked_out_at, "checked_out_at", "Départ enregistré à {0}", "Checked out at {0}"},
    {Msg::pass_heading, "pass_heading", "Votre Pass Actifs Mobiles", "Your Pass Actifs Mobiles"},
    {Msg::pass_free_until, "pass_free_until", "Période gratuite jusqu’au {0}", "Free period until {0}"},
    {Msg::pass_free, "pass_free", "Période gratuite", "Free period"},
    {Msg::pass_active_until, "pass_active_until", "Actif jusqu’au {0}", "Active until {0}"},
    {Msg::pass_active, "pass_active", "Actif", "Active"},
    {Msg::pass_expired_on, "pass_expired_on", "Expiré depuis le {0}", "Expired on {0}"},
    {Msg::pass_expired, "pass_expired", "Expiré", "Expired"},
    {Msg::pass_suspended, "pass_suspended", "Suspendu", "Suspended"},
    {Msg::time_heading, "time_heading", "Votre temps au télécentre", "Your time at the telecentre"},
    {Msg::hours_today, "hours_today", "{0} aujourd’hui", "{0} today"},
    {Msg::bookings_heading, "bookings_heading", "Vos réservations aujourd’hui", "Your bookings today"},
    {Msg::bookings_none, "bookings_none", "Aucune réservation aujourd’hui", "No bookings today"},
    {Msg::bookings_more_one, "bookings_more_one", "et 1" NBSP "autre réservation", "and 1 more booking"},
    {Msg::bookings_more_many, "bookings_more_many",
     "et {0}" NBSP "autres réservations", "and {0} more bookings"},
    {Msg::offline_decision, "offline_decision",
     "Hors ligne" NBSP ": la borne a répondu seule, votre passage sera confirmé plus tard.",
     "Offline: this kiosk answered on its own; your visit will be confirmed later."},
    {Msg::result_done, "result_done", "Terminé", "Done"},
    {Msg::result_auto_return, "result_auto_return",
     "L’écran revient tout seul à l’accueil.", "This screen goes back to the start by itself."},

    {Msg::error_unknown_badge_title, "error_unknown_badge_title", "Badge non reconnu", "Badge not recognised"},
    {Msg::error_unknown_badge_text, "error_unknown_badge_text",
     "Ce badge n’est enregistré au nom d’aucun membre du réseau.",
     "This badge is not registered to any member of the network."},
    {Msg::error_unknown_badge_todo, "error_unknown_badge_todo",
     "Adressez-vous à l’accueil ou à l’animateur du télécentre pour l’enregistrer.",
     "Please ask at reception or the telecentre’s facilitator to register it."},
    {Msg::error_badge_revoked_title, "error_badge_revoked_title", "Badge désactivé", "Badge deactivated"},
    {Msg::error_badge_revoked_text, "error_badge_revoked_text",
     "Ce badge a été désactivé, par exemple après une perte ou un remplacement.",
     "This badge has been deactivated, for example after it was lost or replaced."},
    {Msg::error_badge_revoked_text_named, "error_badge_revoked_text_named",
     "{0}, ce badge a été désactivé, par exemple après une perte ou un remplacement.",
     "{0}, this badge has been deactivated, for example after it was lost or replaced."},
    {Msg::error_badge_revoked_todo, "error_badge_revoked_todo",
     "Demandez un nouveau badge à l’animateur du télécentre.",
     "Ask the telecentre’s facilitator for a new badge."},
    {Msg::error_pass_expired_title, "error_pass_expired_title", "Pass expiré", "Pass expired"},
    {Msg::error_pass_expired_text, "error_pass_expired_text",
     "Votre Pass Actifs Mobiles a expiré.", "Your Pass Actifs Mobiles has expired."},
    {Msg::error_pass_expired_text_on, "error_pass_expired_text_on",
     "Votre Pass Actifs Mobiles a expiré le {0}.", "Your Pass Actifs Mobiles expired on {0}."},
    {Msg::error_pass_expired_text_named, "error_pass_expired_text_named",
     "{0}, votre Pass Actifs Mobiles a expiré.", "{0}, your Pass Actifs Mobiles has expired."},
    {Msg::error_pass_expired_text_named_on, "error_pass_expired_text_named_on",
     "{0}, votre Pass Actifs Mobiles a expiré le {1}.", "{0}, your Pass Actifs Mobiles expired on {1}."},
    {Msg::error_pass_expired_todo, "error_pass_expired_todo",
     "Renouvelez-le à l’accueil pour continuer à profiter du télécentre.",
     "Renew it at reception to keep using the telecentre."},
    {Msg::error_pass_suspended_title, "error_pass_suspended_title", "Pass suspendu", "Pass suspended"},
    {Msg::error_pass_suspended_text, "error_pass_suspended_text",
     "Votre Pass Actifs Mobiles est suspendu pour le moment.",
     "Your Pass Actifs Mobiles is suspended for now."},
    {Msg::error_pass_suspended_text_named, "error_pass_suspended_text_named",
     "{0}, votre Pass Actifs Mobiles est suspendu pour le moment.",
     "{0}, your Pass Actifs Mobiles is suspended for now."},
    {Msg::error_pass_suspended_todo, "error_pass_suspended_todo",
     "Voyez avec l’animateur du télécentre pour le réactiver.",
     "Please see the telecentre’s facilitator to reactivate it."},
    {Msg::error_reader_unavailable_title, "error_reader_unavailable_title",
     "Lecteur de badge indisponible", "Badge reader unavailable"},
    {Msg::error_reader_unavailable_text, "error_reader_unavailable_text",
     "Le lecteur n’a pas pu lire votre badge. Il redémarre tout seul.",
     "The reader could not read your badge. It restarts by itself."},
    {Msg::error_reader_unavailable_todo, "error_reader_unavailable_todo",
     "Réessayez dans une minute, ou signalez votre passage à l’accueil.",
     "Try again in a minute, or let reception know you are here."},
    {Msg::error_offline_unknown_title, "error_offline_unknown_title",
     "Badge noté, vérification à venir", "Badge noted, to be checked"},
    {Msg::error_offline_unknown_text, "error_offline_unknown_text",
     "La borne est hors ligne et ne connaît pas encore ce badge. Votre passage est noté et sera vérifié "
     "dès le retour de la connexion.",
     "The kiosk is offline and does not know this badge yet. Your visit has been noted and will be checked "
     "once the connection is back."},
    {Msg::error_offline_unknown_todo, "error_offline_unknown_todo",
     "Si vous venez pour la première fois, adressez-vous à l’accueil.",
     "If this is your first visit, please go to reception."},
    {Msg::error_storage_failure_title, "error_storage_failure_title",
     "Passage non enregistré", "Visit not recorded"},
    {Msg::error_storage_failure_text, "error_storage_failure_text",
     "La borne n’a pas pu garder une trace de votre passage (sa mémoire est pleine).",
     "The kiosk could not keep a record of your visit (its storage is full)."},
    {Msg::error_storage_failure_todo, "error_storage_failure_todo",
     "Signalez votre passage à l’accueil. Merci, et désolés pour la gêne.",
     "Please let reception know you are here. Thank you, and sorry for the trouble."},
    {Msg::error_back, "error_back", "Retour à l’accueil", "Back to start"},

    // A date never breaks across lines; a long date may break after the weekday.
    {Msg::date_day_month_year, "date_day_month_year", "{0}" NBSP "{1}" NBSP "{2}", "{0}" NBSP "{1}" NBSP "{2}"},
    {Msg::date_weekday_day_month_year, "date_weekday_day_month_year",
     "{0} {1}" NBSP "{2}" NBSP "{3}", "{0} {1}" NBSP "{2}" NBSP "{3}"},
    {Msg::day_first_of_month, "day_first_of_month", "1er", "1"},
    {Msg::time_of_day, "time_of_day", "{0}" NBSP "h" NBSP "{1}", "{0}:{1}"},
    {Msg::time_of_day_whole_hour, "time_of_day_whole_hour", "{0}" NBSP "h", "{0}:00"},
    {Msg::time_range, "time_range", "{0}" NBSP "– {1}", "{0}–{1}"},
    {Msg::duration_hours_minutes, "duration_hours_minutes", "{0}" NBSP "h" NBSP "{1}", "{0}" NBSP "h {1}" NBSP "min"},
    {Msg::duration_hours, "duration_hours", "{0}" NBSP "h", "{0}" NBSP "h"},
    {Msg::duration_minutes, "duration_minutes", "{0}" NBSP "min", "{0}" NBSP "min"},

    {Msg::month_january, "month_january", "janvier", "January"},
    {Msg::month_february, "month_february", "février", "February"},
    {Msg::month_march, "month_march", "mars", "March"},
    {Msg::month_april, "month_april", "avril", "April"},
    {Msg::month_may, "month_may", "mai", "May"},
    {Msg::month_june, "month_june", "juin", "June"},
    {Msg::month_july, "month_july", "juillet", "July"},
    {Msg::month_august, "month_august", "août", "August"},
    {Msg::month_september, "month_september", "septembre", "September"},
    {Msg::month_october, "month_october", "octobre", "October"},
    {Msg::month_november, "month_november", "novembre", "November"},
    {Msg::month_december, "month_december", "décembre", "December"},

    {Msg::weekday_monday, "weekday_monday", "lundi", "Monday"},
    {Msg::weekday_tuesday, "weekday_tuesday", "mardi", "Tuesday"},
    {Msg::weekday_wednesday, "weekday_wednesday", "mercredi", "Wednesday"},
    {Msg::weekday_thursday, "weekday_thursday", "jeudi", "Thursday"},
    {Msg::weekday_friday, "weekday_friday", "vendredi", "Friday"},
    {Msg::weekday_saturday, "weekday_saturday", "samedi", "Saturday"},
    {Msg::weekday_sunday, "weekday_sunday", "dimanche", "Sunday"},
}};
// clang-format on

#undef NNBSP
#undef NBSP

// A missing or misplaced entry would show one message in place of another: refuse to compile.
consteval bool entries_in_key_order() {
    for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
        if (static_cast<std::size_t>(kCatalogue[i].key) != i) {
            return false;
        }
    }
    return true;
}
static_assert(entries_in_key_order(), "kCatalogue must list every Msg once, in declaration order");

const CatalogueEntry& entry(Msg key) {
    const auto index = static_cast<std::size_t>(key);
    return index < kCatalogue.size() ? kCatalogue[index] : kCatalogue.front();
}

} // namespace

std::span<const CatalogueEntry> catalogue() { return kCatalogue; }

std::string_view text(core::Language language, Msg key) {
    const CatalogueEntry& found = entry(key);
    return language == core::Language::en ? found.en : found.fr;
}

std::string_view key_name(Msg key) { return entry(key).name; }

std::string format(core::Language language, Msg key, std::initializer_list<std::string_view> args) {
    const std::string_view pattern = text(language, key);
    std::string out;
    out.reserve(pattern.size() + 32);
    std::size_t i = 0;
    while (i < pattern.size()) {
        // A placeholder is one digit between braces; anything else is copied as it is.
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
            pattern[i + 1] <= '9') {
            const auto index = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (index < args.size()) {
                out += *(args.begin() + index);
                i += 3;
                continue;
            }
        }
        out += pattern[i];
        ++i;
    }
    return out;
}

} // namespace telecentre::ui
