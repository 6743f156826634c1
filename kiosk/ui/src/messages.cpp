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

    {Msg::home_book, "home_book", "Réserver", "Book"},
    {Msg::home_my_bookings, "home_my_bookings", "Mes réservations", "My bookings"},

    {Msg::booking_back, "booking_back", "Retour", "Back"},
    {Msg::booking_exit, "booking_exit", "Accueil", "Home"},
    {Msg::stale_since, "stale_since",
     "Planning peut-être pas à jour (hors ligne depuis {0})",
     "Schedule may be out of date (offline since {0})"},
    {Msg::stale, "stale", "Planning peut-être pas à jour (hors ligne)", "Schedule may be out of date (offline)"},

    {Msg::kinds_title, "kinds_title", "Que voulez-vous réserver" NNBSP "?", "What would you like to book?"},
    {Msg::kind_office, "kind_office", "Bureau", "Office"},
    {Msg::kind_office_detail, "kind_office_detail",
     "Un bureau fermé, rien que pour vous",
     "A private office, just for you"},
    {Msg::kind_office_plural, "kind_office_plural", "Bureaux", "Offices"},
    {Msg::kind_open_space, "kind_open_space", "Poste en open space", "Open-space desk"},
    {Msg::kind_open_space_detail, "kind_open_space_detail",
     "Un poste de travail dans l’espace partagé",
     "A desk in the shared workspace"},
    {Msg::kind_open_space_plural, "kind_open_space_plural", "Postes en open space", "Open-space desks"},
    {Msg::kind_meeting_room, "kind_meeting_room", "Salle de réunion", "Meeting room"},
    {Msg::kind_meeting_room_detail, "kind_meeting_room_detail", "Pour se réunir à plusieurs", "To meet with others"},
    {Msg::kind_meeting_room_plural, "kind_meeting_room_plural", "Salles de réunion", "Meeting rooms"},
    {Msg::kind_visio_room, "kind_visio_room", "Salle de visio", "Video room"},
    {Msg::kind_visio_room_detail, "kind_visio_room_detail",
     "Écran, caméra et micro pour vos visioconférences",
     "Screen, camera and microphone for video calls"},
    {Msg::kind_visio_room_plural, "kind_visio_room_plural", "Salles de visio", "Video rooms"},

    {Msg::grid_day, "grid_day", "Jour", "Day"},
    {Msg::grid_week, "grid_week", "Semaine", "Week"},
    {Msg::grid_today, "grid_today", "Aujourd’hui", "Today"},
    {Msg::grid_week_of, "grid_week_of", "7" NBSP "jours à partir du {0}", "7 days from {0}"},
    {Msg::grid_loading, "grid_loading", "Chargement du planning…", "Loading the schedule…"},
    {Msg::grid_failed_title, "grid_failed_title", "Planning indisponible", "Schedule unavailable"},
    {Msg::grid_failed_text, "grid_failed_text",
     "La borne n’a pas pu obtenir le planning. Réessayez dans un instant, ou adressez-vous à l’accueil.",
     "The kiosk could not get the schedule. Try again in a moment, or ask at reception."},
    {Msg::grid_retry, "grid_retry", "Réessayer", "Try again"},
    {Msg::grid_no_resources, "grid_no_resources",
     "Aucune ressource de ce type dans ce télécentre.",
     "There is nothing of this kind at this telecentre."},
    {Msg::grid_no_match, "grid_no_match",
     "Aucune ressource ne correspond à «" NBSP "{0}" NBSP "».",
     "Nothing matches “{0}”."},
    {Msg::grid_closed_day, "grid_closed_day",
     "Le télécentre est fermé ce jour-là.",
     "The telecentre is closed that day."},
    {Msg::grid_week_hint, "grid_week_hint", "Touchez un jour pour voir ses créneaux.", "Touch a day to see its slots."},
    {Msg::legend_free, "legend_free", "Libre", "Free"},
    {Msg::legend_busy, "legend_busy", "Réservé", "Booked"},
    {Msg::legend_closed, "legend_closed", "Fermé", "Closed"},
    {Msg::legend_past, "legend_past", "Passé", "Past"},
    {Msg::grid_rows_range, "grid_rows_range", "{0}–{1} sur {2}", "{0}–{1} of {2}"},
    {Msg::grid_rows_previous, "grid_rows_previous", "Précédents", "Previous"},
    {Msg::grid_rows_next, "grid_rows_next", "Suivants", "Next"},
    {Msg::grid_earlier, "grid_earlier", "Plus tôt", "Earlier"},
    {Msg::grid_later, "grid_later", "Plus tard", "Later"},
    {Msg::week_free_percent, "week_free_percent", "{0}" NBSP "%" NBSP "libre", "{0}% free"},
    {Msg::week_full, "week_full", "Complet", "Full"},
    {Msg::week_closed, "week_closed", "Fermé", "Closed"},
    {Msg::week_over, "week_over", "Terminé", "Over"},

    {Msg::search_open, "search_open", "Rechercher", "Search"},
    {Msg::search_title, "search_title", "Rechercher par nom", "Search by name"},
    {Msg::search_placeholder, "search_placeholder", "Tapez une partie du nom…", "Type part of the name…"},
    {Msg::search_matches_none, "search_matches_none", "Aucune ressource ne correspond", "Nothing matches"},
    {Msg::search_matches_one, "search_matches_one", "1" NBSP "ressource correspond", "1 match"},
    {Msg::search_matches_many, "search_matches_many", "{0}" NBSP "ressources correspondent", "{0} matches"},
    {Msg::search_filter, "search_filter", "Filtre" NBSP ": «" NBSP "{0}" NBSP "»", "Filter: “{0}”"},
    {Msg::search_clear, "search_clear", "Effacer", "Clear"},
    {Msg::key_accents, "key_accents", "àé", "àé"},
    {Msg::key_letters, "key_letters", "abc", "abc"},
    {Msg::key_space, "key_space", "espace", "space"},
    {Msg::key_done, "key_done", "OK", "OK"},

    {Msg::length_title, "length_title", "Pour combien de temps" NNBSP "?", "For how long?"},
    {Msg::length_from, "length_from", "À partir de {0}", "From {0}"},
    {Msg::length_limit_next, "length_limit_next",
     "Au plus {0}" NBSP ": réservé à partir de {1}",
     "At most {0}: booked from {1}"},
    {Msg::length_limit_closing, "length_limit_closing",
     "Au plus {0}" NBSP ": fermeture à {1}",
     "At most {0}: closes at {1}"},
    {Msg::length_limit_maximum, "length_limit_maximum",
     "Au plus {0} d’affilée pour ce type de réservation",
     "At most {0} at a time for this kind of booking"},
    {Msg::length_shorter, "length_shorter", "Moins", "Shorter"},
    {Msg::length_longer, "length_longer", "Plus", "Longer"},
    {Msg::preset_half_hour, "preset_half_hour", "30" NBSP "min", "30" NBSP "min"},
    {Msg::preset_hour, "preset_hour", "1" NBSP "h", "1" NBSP "h"},
    {Msg::preset_two_hours, "preset_two_hours", "2" NBSP "h", "2" NBSP "h"},
    {Msg::preset_half_day, "preset_half_day", "Demi-journée", "Half day"},
    {Msg::preset_until_closing, "preset_until_closing", "Jusqu’à la fermeture", "Until closing"},
    {Msg::length_confirm, "length_confirm", "Continuer", "Continue"},

    {Msg::badge_book_title, "badge_book_title", "Badgez pour confirmer", "Tap your badge to confirm"},
    {Msg::badge_book_detail, "badge_book_detail",
     "Votre badge indique qui réserve.",
     "Your badge tells us who is booking."},
    {Msg::badge_my_bookings_title, "badge_my_bookings_title",
     "Badgez pour voir vos réservations",
     "Tap your badge to see your bookings"},
    {Msg::badge_my_bookings_detail, "badge_my_bookings_detail",
     "Posez votre badge sur le lecteur.",
     "Hold your badge to the reader."},
    {Msg::badge_check_in_title, "badge_check_in_title",
     "Badgez pour confirmer votre présence",
     "Tap your badge to check in"},
    {Msg::badge_check_in_detail, "badge_check_in_detail",
     "Seule la personne qui a réservé peut le faire.",
     "Only the person who booked can do this."},
    {Msg::badge_cancel, "badge_cancel", "Annuler", "Cancel"},
    {Msg::waiting_booking, "waiting_booking", "Envoi de votre réservation.", "Sending your booking."},
    {Msg::waiting_my_bookings, "waiting_my_bookings", "Recherche de vos réservations.", "Looking up your bookings."},
    {Msg::waiting_cancel, "waiting_cancel", "Annulation en cours.", "Cancelling."},
    {Msg::waiting_check_in, "waiting_check_in", "Enregistrement de votre présence.", "Recording your arrival."},

    {Msg::outcome_confirmed_title, "outcome_confirmed_title", "C’est réservé" NNBSP "!", "Booked!"},
    {Msg::outcome_pending_title, "outcome_pending_title", "Réservation en attente", "Booking pending"},
    {Msg::outcome_pending_text, "outcome_pending_text",
     "Hors ligne" NBSP ": votre réservation est en attente, confirmée dès le retour de la connexion.",
     "Offline: your booking is pending and will be confirmed as soon as the connection is back."},
    {Msg::outcome_refused_title, "outcome_refused_title", "Réservation impossible", "This cannot be booked"},
    {Msg::outcome_failed_title, "outcome_failed_title", "Réservation non enregistrée", "Booking not recorded"},
    {Msg::outcome_failed_text, "outcome_failed_text",
     "La borne n’a pas pu enregistrer votre réservation. Réessayez dans un instant, ou adressez-vous à l’accueil.",
     "The kiosk could not record your booking. Try again in a moment, or ask at reception."},
    {Msg::outcome_unavailable_title, "outcome_unavailable_title", "Réservations indisponibles", "Bookings unavailable"},
    {Msg::outcome_unavailable_text, "outcome_unavailable_text",
     "Vos réservations ne peuvent pas être affichées pour le moment (borne hors ligne). Réessayez plus tard.",
     "Your bookings cannot be shown just now (the kiosk is offline). Please try again later."},
    {Msg::outcome_checked_in_title, "outcome_checked_in_title", "Présence confirmée", "You are checked in"},
    {Msg::outcome_checked_in_text, "outcome_checked_in_text", "Bonne réunion" NNBSP "!", "Have a good meeting!"},
    {Msg::outcome_check_in_refused_title, "outcome_check_in_refused_title", "Présence non confirmée", "Not checked in"},
    {Msg::outcome_check_in_failed_text, "outcome_check_in_failed_text",
     "La borne n’a pas pu enregistrer votre présence. Réessayez dans un instant.",
     "The kiosk could not record your arrival. Try again in a moment."},
    {Msg::outcome_lookup_refused_title, "outcome_lookup_refused_title",
     "Réservations introuvables",
     "No bookings found"},
    {Msg::outcome_suggestion, "outcome_suggestion", "Créneau libre le plus proche" NBSP ":", "Nearest free slot:"},
    {Msg::outcome_take_suggestion, "outcome_take_suggestion", "Réserver ce créneau", "Book this slot"},
    {Msg::outcome_other_slot, "outcome_other_slot", "Choisir un autre créneau", "Choose another slot"},

    {Msg::refusal_unknown_badge, "refusal_unknown_badge",
     "Ce badge n’est enregistré au nom d’aucun membre du réseau.",
     "This badge is not registered to any member of the network."},
    {Msg::refusal_badge_revoked, "refusal_badge_revoked",
     "Ce badge a été désactivé. Demandez-en un nouveau à l’animateur.",
     "This badge has been deactivated. Ask the facilitator for a new one."},
    {Msg::refusal_pass_not_valid, "refusal_pass_not_valid",
     "Votre pass n’est pas valide ce jour-là (expiré ou suspendu).",
     "Your pass is not valid on that day (expired or suspended)."},
    {Msg::refusal_not_allowed_by_pass, "refusal_not_allowed_by_pass",
     "Votre pass ne permet pas de réserver ce type de ressource.",
     "Your pass does not let you book this kind of resource."},
    {Msg::refusal_unknown_resource, "refusal_unknown_resource",
     "Cette ressource n’existe plus.",
     "This resource no longer exists."},
    {Msg::refusal_invalid_time_range, "refusal_invalid_time_range",
     "L’heure de fin doit venir après l’heure de début.",
     "The end time must come after the start time."},
    {Msg::refusal_off_grid, "refusal_off_grid",
     "Ce créneau ne tombe pas sur les horaires de réservation du télécentre.",
     "This slot does not fall on the telecentre’s booking times."},
    {Msg::refusal_in_the_past, "refusal_in_the_past", "Ce créneau est déjà passé.", "This slot is already over."},
    {Msg::refusal_too_far_ahead, "refusal_too_far_ahead",
     "Ce jour est encore trop loin pour réserver.",
     "That day is too far ahead to book yet."},
    {Msg::refusal_too_long, "refusal_too_long",
     "Cette réservation est trop longue pour ce type de ressource.",
     "This booking is too long for this kind of resource."},
    {Msg::refusal_outside_opening_hours, "refusal_outside_opening_hours",
     "Le télécentre est fermé à ces heures-là.",
     "The telecentre is closed at those times."},
    {Msg::refusal_site_closed, "refusal_site_closed",
     "Le télécentre est fermé ce jour-là.",
     "The telecentre is closed that day."},
    {Msg::refusal_slot_taken, "refusal_slot_taken",
     "Quelqu’un vient de réserver ce créneau.",
     "Someone has just booked this slot."},
    {Msg::refusal_not_your_booking, "refusal_not_your_booking",
     "Cette réservation est au nom d’une autre personne.",
     "This booking belongs to someone else."},
    {Msg::refusal_unknown_booking, "refusal_unknown_booking",
     "Cette réservation n’existe plus.",
     "This booking no longer exists."},
    {Msg::refusal_booking_not_changeable, "refusal_booking_not_changeable",
     "Cette réservation ne peut plus être modifiée (annulée ou terminée).",
     "This booking can no longer be changed (cancelled or over)."},

    {Msg::my_bookings_title, "my_bookings_title", "Mes réservations", "My bookings"},
    {Msg::my_bookings_none, "my_bookings_none", "Aucune réservation à venir.", "No upcoming bookings."},
    {Msg::my_bookings_pending, "my_bookings_pending", "En attente", "Pending"},
    {Msg::my_bookings_pending_note, "my_bookings_pending_note",
     "En attente" NBSP ": faite hors ligne, confirmée dès le retour de la connexion.",
     "Pending: made offline, confirmed as soon as the connection is back."},
    {Msg::my_bookings_other_site, "my_bookings_other_site", "Autre télécentre", "Another telecentre"},
    {Msg::my_bookings_cancel, "my_bookings_cancel", "Annuler", "Cancel"},
    {Msg::my_bookings_cancelled, "my_bookings_cancelled", "Réservation annulée.", "Booking cancelled."},
    {Msg::my_bookings_cancel_pending, "my_bookings_cancel_pending",
     "Annulation en attente, transmise dès le retour de la connexion.",
     "Cancellation pending; it will be sent as soon as the connection is back."},
    {Msg::my_bookings_cancel_failed, "my_bookings_cancel_failed",
     "L’annulation n’a pas pu être enregistrée. Réessayez dans un instant.",
     "The cancellation could not be recorded. Try again in a moment."},
    {Msg::my_bookings_cancel_refused, "my_bookings_cancel_refused",
     "Annulation refusée" NBSP ": {0}",
     "Cancellation refused: {0}"},
    {Msg::my_bookings_previous, "my_bookings_previous", "Précédentes", "Previous"},
    {Msg::my_bookings_next, "my_bookings_next", "Suivantes", "Next"},
    {Msg::cancel_title, "cancel_title", "Annuler cette réservation" NNBSP "?", "Cancel this booking?"},
    {Msg::cancel_yes, "cancel_yes", "Oui, annuler", "Yes, cancel it"},
    {Msg::cancel_no, "cancel_no", "Non, la garder", "No, keep it"},

    {Msg::door_free, "door_free", "Libre", "Free"},
    {Msg::door_busy, "door_busy", "Occupée", "In use"},
    {Msg::door_closed, "door_closed", "Fermée", "Closed"},
    {Msg::door_until, "door_until", "jusqu’à {0}", "until {0}"},
    {Msg::door_until_by, "door_until_by", "jusqu’à {0} par {1}", "until {0} by {1}"},
    {Msg::door_opens_at, "door_opens_at", "ouvre à {0}", "opens at {0}"},
    {Msg::door_later_today, "door_later_today", "Ensuite aujourd’hui", "Later today"},
    {Msg::door_nothing_later, "door_nothing_later", "Plus aucune réservation aujourd’hui", "No more bookings today"},
    {Msg::door_book_now, "door_book_now", "Réserver maintenant", "Book now"},
    {Msg::door_check_in, "door_check_in", "Je suis là", "I’m here"},
    {Msg::door_check_in_for, "door_check_in_for", "Réservation de {0}, {1}", "Booked by {0}, {1}"},
    {Msg::door_loading, "door_loading", "Chargement du planning de la salle…", "Loading the room’s schedule…"},
    {Msg::door_unknown_room, "door_unknown_room", "Planning de la salle indisponible", "Room schedule unavailable"},

    {Msg::weekday_short_monday, "weekday_short_monday", "lun.", "Mon"},
    {Msg::weekday_short_tuesday, "weekday_short_tuesday", "mar.", "Tue"},
    {Msg::weekday_short_wednesday, "weekday_short_wednesday", "mer.", "Wed"},
    {Msg::weekday_short_thursday, "weekday_short_thursday", "jeu.", "Thu"},
    {Msg::weekday_short_friday, "weekday_short_friday", "ven.", "Fri"},
    {Msg::weekday_short_saturday, "weekday_short_saturday", "sam.", "Sat"},
    {Msg::weekday_short_sunday, "weekday_short_sunday", "dim.", "Sun"},
    {Msg::weekday_day, "weekday_day", "{0} {1}", "{0} {1}"},

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
