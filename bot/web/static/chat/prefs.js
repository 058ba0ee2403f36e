/*
 * What the widget keeps in the browser: the resident's settings (language,
 * large text, furigana) in localStorage, the conversation in sessionStorage.
 */

const CONVERSATION_KEY = "aisho-chat:conversation";
const PREFS_KEY = "aisho-chat:prefs";
const MAX_KEPT_MESSAGES = 200;

const readJson = (storage, key) => {
  try {
    return JSON.parse(storage.getItem(key) || "{}") || {};
  } catch (error) {
    return {};
  }
};
const writeJson = (storage, key, value) => {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch (error) {
    // Storage full or disabled: the chat works, history is not kept.
  }
};

/** The language from the browser's preferences, among the seven forms. */
const browserLanguage = (strings) => {
  const tags = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || ""];
  for (const tag of tags) {
    const primary = String(tag).toLowerCase().split(/[-_]/)[0];
    if (primary !== "easy" && Object.prototype.hasOwnProperty.call(strings, primary)) {
      return primary;
    }
  }
  return "ja";
};

/** The resident's settings, defaulting to the browser's language. */
export const loadPrefs = (strings) => {
  const prefs = Object.assign(
    { language: browserLanguage(strings), largeText: false, furigana: false },
    readJson(window.localStorage, PREFS_KEY),
  );
  if (!Object.prototype.hasOwnProperty.call(strings, prefs.language)) prefs.language = "ja";
  return prefs;
};

export const savePrefs = (prefs) => writeJson(window.localStorage, PREFS_KEY, prefs);

/** This tab's conversation: its session id, whether the chat is open, its messages. */
export const loadConversation = () => Object.assign(
  { sessionId: null, open: false, messages: [] },
  readJson(window.sessionStorage, CONVERSATION_KEY),
);

export const saveConversation = (conversation) => {
  conversation.messages = conversation.messages.slice(-MAX_KEPT_MESSAGES);
  writeJson(window.sessionStorage, CONVERSATION_KEY, conversation);
};
