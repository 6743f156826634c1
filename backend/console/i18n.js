// The console's words, French first and English. t(key, values) fills {name} placeholders.
const words = {
  fr: {
    title: "Accueil à distance",
    skip: "Aller au contenu",
    login_title: "Connexion du personnel",
    login_name: "Identifiant",
    login_password: "Mot de passe",
    login_submit: "Se connecter",
    login_missing: "Saisissez votre identifiant et votre mot de passe.",
    login_refused: "Identifiant ou mot de passe incorrect.",
    login_failed: "Connexion impossible ({detail}). Réessayez.",
    logout: "Se déconnecter",
    online: "En ligne",
    offline: "Hors ligne, reconnexion…",
    available: "Disponible",
    away: "Absent",
    availability_hint_on: "Vous recevez les appels. Cliquez pour passer absent.",
    availability_hint_off: "Vous ne recevez pas les appels. Cliquez pour devenir disponible.",
    enable_sound: "Activer la sonnerie",
    call_title: "Appel",
    idle_available: "Aucun appel en attente. Vous êtes disponible.",
    idle_away: "Vous êtes absent : les appels ne sonnent pas ici.",
    idle_offline: "Connexion au serveur perdue : reconnexion en cours.",
    ringing: "Appel entrant",
    ring_from: "{site}",
    ring_visitor: "{name}, {site}",
    answer: "Répondre",
    call_with: "En appel avec {who}",
    visitor_unnamed: "un visiteur",
    connecting: "Connexion de l'image et du son…",
    connected: "Appel en cours.",
    media_failed: "La connexion vidéo a échoué.",
    no_devices: "Pas de caméra ni de micro : le visiteur ne vous voit ni ne vous entend.",
    visitor_no_camera: "Le visiteur n'a pas de caméra : vous l'entendez sans le voir.",
    no_camera: "Pas de caméra : le visiteur vous entend sans vous voir.",
    mute: "Couper le micro",
    unmute: "Rétablir le micro",
    camera_off: "Couper la caméra",
    camera_on: "Rétablir la caméra",
    hang_up: "Raccrocher",
    ok: "Terminé",
    remote_video: "Image du visiteur",
    self_video: "Votre image",
    queue_title: "File d'attente",
    queue_empty: "Personne n'attend.",
    queue_count: "{count} appel(s) en attente, {agents} agent(s) disponible(s).",
    waiting_since: "en attente depuis {time}",
    taken: "Cet appel a été pris par un autre agent.",
    refused: "Refusé : {message}",
    callbacks_title: "Demandes de rappel",
    callbacks_empty: "Aucune demande de rappel.",
    callbacks_count: "{count} demande(s) à traiter.",
    callbacks_unavailable: "Les demandes de rappel ne sont pas disponibles sur ce serveur.",
    callback_handled: "Marquer comme traitée",
    callback_done: "traitée à {time}",
    requested_at: "demandée à {time}",
    ended_visitor_hung_up: "Le visiteur a raccroché.",
    ended_agent_hung_up: "Vous avez raccroché.",
    ended_cancelled: "Le visiteur a abandonné avant la réponse.",
    ended_unanswered: "L'appel n'a pas été pris à temps.",
    ended_kiosk_lost: "La borne a perdu la connexion.",
    ended_agent_lost: "Votre connexion a été perdue.",
    ended_server_restart: "Le serveur a redémarré.",
    ended_media_failed: "La connexion vidéo a échoué.",
    announce_ring: "Appel entrant : {site}",
    role_reception: "agent d'accueil",
    role_admin: "administrateur",
    role_animateur: "animateur",
    animateur_note: "Votre rôle ne reçoit pas les appels d'accueil ; vous voyez la file et les rappels de votre site.",
  },
  en: {
    title: "Remote reception",
    skip: "Skip to content",
    login_title: "Staff log-in",
    login_name: "Login",
    login_password: "Password",
    login_submit: "Log in",
    login_missing: "Enter your login and your password.",
    login_refused: "Wrong login or password.",
    login_failed: "Could not log in ({detail}). Try again.",
    logout: "Log out",
    online: "Online",
    offline: "Offline, reconnecting…",
    available: "Available",
    away: "Away",
    availability_hint_on: "You receive calls. Click to go away.",
    availability_hint_off: "You do not receive calls. Click to become available.",
    enable_sound: "Turn the ringer on",
    call_title: "Call",
    idle_available: "No call waiting. You are available.",
    idle_away: "You are away: calls do not ring here.",
    idle_offline: "Lost the connection to the server: reconnecting.",
    ringing: "Incoming call",
    ring_from: "{site}",
    ring_visitor: "{name}, {site}",
    answer: "Answer",
    call_with: "In a call with {who}",
    visitor_unnamed: "a visitor",
    connecting: "Connecting picture and sound…",
    connected: "Call in progress.",
    media_failed: "The video connection failed.",
    no_devices: "No camera and no microphone: the visitor neither sees nor hears you.",
    visitor_no_camera: "The visitor has no camera: you hear them without seeing them.",
    no_camera: "No camera: the visitor hears you without seeing you.",
    mute: "Mute the microphone",
    unmute: "Unmute the microphone",
    camera_off: "Turn the camera off",
    camera_on: "Turn the camera on",
    hang_up: "Hang up",
    ok: "Done",
    remote_video: "The visitor's picture",
    self_video: "Your picture",
    queue_title: "Queue",
    queue_empty: "Nobody is waiting.",
    queue_count: "{count} call(s) waiting, {agents} agent(s) available.",
    waiting_since: "waiting since {time}",
    taken: "Another agent took this call.",
    refused: "Refused: {message}",
    callbacks_title: "Callback requests",
    callbacks_empty: "No callback request.",
    callbacks_count: "{count} request(s) to handle.",
    callbacks_unavailable: "Callback requests are not available on this server.",
    callback_handled: "Mark as handled",
    callback_done: "handled at {time}",
    requested_at: "requested at {time}",
    ended_visitor_hung_up: "The visitor hung up.",
    ended_agent_hung_up: "You hung up.",
    ended_cancelled: "The visitor gave up before the answer.",
    ended_unanswered: "The call was not taken in time.",
    ended_kiosk_lost: "The kiosk lost its connection.",
    ended_agent_lost: "Your connection was lost.",
    ended_server_restart: "The server restarted.",
    ended_media_failed: "The video connection failed.",
    announce_ring: "Incoming call: {site}",
    role_reception: "reception agent",
    role_admin: "administrator",
    role_animateur: "animateur",
    animateur_note: "Your role does not receive reception calls; you see your site's queue and callbacks.",
  },
};

let language = "fr";

export function setLanguage(code) {
  language = words[code] ? code : "fr";
  document.documentElement.lang = language;
}

export function currentLanguage() {
  return language;
}

export function t(key, values = {}) {
  const text = words[language][key] ?? words.fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

// Static texts marked with data-i18n in the page.
export function translatePage() {
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  document.title = `${t("title")} — Télécentres du Cantal`;
}

export function clock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  return date.toLocaleTimeString(language === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit" });
}
