// The guest page's words, French first and English. t(key, values) fills {name} placeholders.
// French typography: a non-breaking space (U+00A0) before the colon, question and exclamation marks.
const words = {
  fr: {
    title: "Visioconférence",
    brand: "Télécentres du Cantal",
    skip: "Aller au contenu",
    loading: "Chargement de l'invitation…",
    where: "{resource}, {site}",
    ends_at: "Fin prévue à {time}",
    lobby_title: "Rejoindre la visioconférence",
    name_label: "Votre nom",
    name_hint: "Les autres participants le verront sous votre image.",
    name_missing: "Saisissez votre nom pour rejoindre.",
    preview: "Votre image avant d'entrer",
    preview_none: "Pas de caméra ni de micro : vous pourrez voir et entendre les autres, pas eux vous.",
    preview_denied: "Caméra et micro refusés par le navigateur : autorisez-les pour être vu et entendu, ou rejoignez sans.",
    join: "Rejoindre",
    joining: "Connexion à la salle…",
    reconnecting: "Reconnexion…",
    reconnecting_detail: "La connexion à la salle a été perdue. Nouvelle tentative dans {seconds} s.",
    in_room: "Dans la salle",
    participants_none: "Vous êtes seul dans la salle pour le moment.",
    participants_count: "{count} autre(s) participant(s)",
    self_label: "Vous ({name})",
    mute: "Couper le micro",
    unmute: "Rétablir le micro",
    camera_off: "Couper la caméra",
    camera_on: "Rétablir la caméra",
    leave: "Quitter",
    left: "Vous avez quitté la visioconférence.",
    rejoin: "Rejoindre à nouveau",
    error_404: "Ce lien d'invitation n'est pas valable. Vérifiez l'adresse ou demandez un nouveau lien à la personne qui vous a invité.",
    error_410: "Cette visioconférence est terminée ou le lien a expiré. Demandez un nouveau lien à la personne qui vous a invité.",
    error_pin: "La salle a refusé l'accès : le code de ce lien n'est plus valable. Demandez un nouveau lien à la personne qui vous a invité.",
    error_full: "La salle est complète. Réessayez dans un moment.",
    error_network: "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.",
    error_server: "Le serveur a rencontré un problème ({detail}). Réessayez dans un moment.",
    retry: "Réessayer",
    joined_announce: "{name} a rejoint la salle.",
    left_announce: "{name} a quitté la salle.",
    unnamed: "Participant",
    language_other: "English",
  },
  en: {
    title: "Video conference",
    brand: "Cantal telecentres",
    skip: "Skip to content",
    loading: "Loading the invitation…",
    where: "{resource}, {site}",
    ends_at: "Ends at {time}",
    lobby_title: "Join the video conference",
    name_label: "Your name",
    name_hint: "The other participants see it under your picture.",
    name_missing: "Enter your name to join.",
    preview: "Your picture before you enter",
    preview_none: "No camera and no microphone: you can see and hear the others, they cannot see or hear you.",
    preview_denied: "The browser refused the camera and microphone: allow them to be seen and heard, or join without.",
    join: "Join",
    joining: "Connecting to the room…",
    reconnecting: "Reconnecting…",
    reconnecting_detail: "Lost the connection to the room. Trying again in {seconds} s.",
    in_room: "In the room",
    participants_none: "You are alone in the room for now.",
    participants_count: "{count} other participant(s)",
    self_label: "You ({name})",
    mute: "Mute the microphone",
    unmute: "Unmute the microphone",
    camera_off: "Turn the camera off",
    camera_on: "Turn the camera on",
    leave: "Leave",
    left: "You left the video conference.",
    rejoin: "Join again",
    error_404: "This invitation link is not valid. Check the address or ask the person who invited you for a new link.",
    error_410: "This video conference is over or the link has expired. Ask the person who invited you for a new link.",
    error_pin: "The room refused access: this link's code is no longer valid. Ask the person who invited you for a new link.",
    error_full: "The room is full. Try again in a moment.",
    error_network: "The server does not answer. Check your connection and try again.",
    error_server: "The server ran into a problem ({detail}). Try again in a moment.",
    retry: "Try again",
    joined_announce: "{name} joined the room.",
    left_announce: "{name} left the room.",
    unnamed: "Participant",
    language_other: "Français",
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
  document.title = `${t("title")} — ${t("brand")}`;
}

export function clock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  return date.toLocaleTimeString(language === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit" });
}
