/*
 * Aisho DX chat widget: puts the parts together. Loaded by widget.js as an ES
 * module (no build step) after the socket.io client, strings.js and dialog.js.
 *   panel.js       the widget's nodes and their words
 *   prefs.js       settings and the conversation kept in the browser
 *   connection.js  Rasa's socket.io channel and /api/config
 *   render.js      messages as nodes (text only, never HTML)
 *   furigana.js    readings over kanji (/api/furigana)
 *   counter.js     the length of the message being typed
 *   scroll.js      the log's scrolling
 *   language.js    the language a text is written in
 */
import { createConnection } from "./connection.js";
import { createCounter } from "./counter.js";
import { createFurigana } from "./furigana.js";
import { guessLanguage } from "./language.js";
import { buildPanel, fitToolbar, showWords } from "./panel.js";
import { loadConversation, loadPrefs, saveConversation, savePrefs } from "./prefs.js";
import { createRenderer } from "./render.js";
import { createLogAppender, showNewest } from "./scroll.js";
import { el } from "./dom.js";

const STRINGS = window.AishoChatStrings;
const BASE = (window.AishoChat && window.AishoChat.base) || "";
const ANSWER_TIMEOUT_MS = 30000;

const mount = () => {
  if (document.getElementById("aisho-chat")) return;
  const prefs = loadPrefs(STRINGS);
  const conversation = loadConversation();
  let answerTimer = null;

  const t = (key) => STRINGS[prefs.language][key];
  const htmlLang = (language) => (STRINGS[language] || STRINGS.ja).htmlLang;

  const nodes = buildPanel(STRINGS);
  const { root, launcher, panel, log, typing, input, languageMenu, languageButton } = nodes;
  const updateDialog = window.AishoChatDialog.smallScreenDialog(root, panel);
  const logAppender = createLogAppender(log);
  const scrollToNewest = () => showNewest(log);

  const connection = createConnection({
    base: BASE,
    conversation,
    saveConversation: () => saveConversation(conversation),
    onMessage: ({ text, buttons }) => {
      setTyping(false);
      addMessage({ from: "bot", text, lang: guessLanguage(text, prefs.language), buttons });
    },
    onOutage: (first) => {
      setTyping(false);
      if (first) addNotice("unreachable");
    },
    onReconnected: () => addNotice("reconnected"),
  });
  const counter = createCounter({
    input, counter: nodes.counter, limitNotice: nodes.limitNotice, t, config: connection.config,
  });
  const renderer = createRenderer({
    prefs, t, htmlLang, furigana: createFurigana(BASE),
    onReply: (payload, title) => {
      send(payload, title);
      input.focus();
    },
  });

  const applyPrefs = () => {
    showWords(nodes, STRINGS[prefs.language], prefs);
    counter.update();
    fitToolbar(nodes.toolbar);
    nodes.languageChoices.forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.language === prefs.language));
    });
  };

  const addMessage = (message) => {
    const full = Object.assign({ id: `m${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
      time: new Date().toISOString(), buttons: [] }, message);
    conversation.messages.push(full);
    saveConversation(conversation);
    return logAppender.append(() => renderer.messageNode(full));
  };

  /** A notice from the widget itself (not kept in the history). */
  const addNotice = (key) => {
    const config = connection.config();
    const notice = renderer.noticeNode(key, config && config.contact);
    return logAppender.append(() => notice);
  };

  const setTyping = (on) => {
    typing.classList.toggle("is-active", on);
    typing.replaceChildren(...(on ? [
      el("span", { class: "aisho-typing__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      el("span", { class: "aisho-typing__text" }, [t("typing")]),
    ] : []));
    window.clearTimeout(answerTimer);
    if (on) {
      answerTimer = window.setTimeout(() => {
        setTyping(false);
        addNotice("noAnswer");
      }, ANSWER_TIMEOUT_MS);
    }
  };

  /** Removes the (non-link) quick replies of earlier answers once the resident moves on. */
  const retireReplies = () => {
    conversation.messages.forEach((message) => { message.retired = true; });
    log.querySelectorAll(".aisho-replies button").forEach((button) => button.remove());
    log.querySelectorAll(".aisho-replies:empty").forEach((group) => group.remove());
  };

  /** Shows `display` as the resident's message and sends `payload`; false when offline. */
  const send = (payload, display) => {
    if (connection.offline()) {
      addNotice("unreachable");
      return false;
    }
    retireReplies();
    addMessage({ from: "user", text: display, lang: guessLanguage(display, prefs.language) });
    connection.send(payload, STRINGS[prefs.language].tag);
    setTyping(true);
    connection.connect();
    return true;
  };

  // -- opening, closing, menus
  const open = (focus) => {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    conversation.open = true;
    if (!conversation.messages.length) {
      addMessage({
        from: "bot", text: t("welcome"), lang: prefs.language,
        buttons: t("suggestions").map((text) => ({ title: text, payload: text })),
      });
    }
    saveConversation(conversation);
    updateDialog();
    connection.connect();
    if (focus) input.focus();
    logAppender.settled().then(scrollToNewest);
  };

  const close = () => {
    setMenu(false);
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    conversation.open = false;
    saveConversation(conversation);
    updateDialog();
    launcher.focus();
  };

  const setMenu = (on) => {
    languageMenu.hidden = !on;
    languageButton.setAttribute("aria-expanded", String(on));
    if (on) nodes.languageChoices.find((b) => b.dataset.language === prefs.language).focus();
  };

  const chooseLanguage = (code) => {
    prefs.language = code;
    savePrefs(prefs);
    applyPrefs();
    setMenu(false);
    send(`/choose_language{"language_choice": "${code}"}`, STRINGS[code].name);
    input.focus();
  };

  const rerender = async () => {
    log.setAttribute("aria-busy", "true");
    const texts = log.querySelectorAll(".aisho-msg[data-id]");
    const byId = new Map(conversation.messages.map((message) => [message.id, message]));
    await Promise.all(Array.from(texts).map((node) => {
      const message = byId.get(node.dataset.id);
      return message ? renderer.fillText(node.querySelector(".aisho-msg__text"), message) : null;
    }));
    log.setAttribute("aria-busy", "false");
    scrollToNewest();
  };

  launcher.addEventListener("click", () => open(true));
  nodes.closeButton.addEventListener("click", close);
  languageButton.addEventListener("click", () => setMenu(languageMenu.hidden));
  nodes.languageChoices.forEach((button) => {
    button.addEventListener("click", () => chooseLanguage(button.dataset.language));
  });
  nodes.furiganaButton.addEventListener("click", () => {
    prefs.furigana = !prefs.furigana;
    savePrefs(prefs);
    applyPrefs();
    rerender();
  });
  nodes.largeButton.addEventListener("click", () => {
    prefs.largeText = !prefs.largeText;
    savePrefs(prefs);
    applyPrefs();
    scrollToNewest();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!languageMenu.hidden && languageMenu.contains(document.activeElement)) {
      setMenu(false);
      languageButton.focus();
    } else {
      close();
    }
  });
  input.addEventListener("input", counter.update);
  nodes.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (counter.refuse(text)) {
      input.focus();
      return;
    }
    if (text && send(text, text)) {
      input.value = "";
      counter.update();
    }
  });

  applyPrefs();
  document.body.append(root);
  const toolbarFit = () => fitToolbar(nodes.toolbar);
  if (window.ResizeObserver) new window.ResizeObserver(toolbarFit).observe(nodes.toolbar);
  conversation.messages.forEach((message) => logAppender.append(() => renderer.messageNode(message)));
  connection.loadConfig().then(counter.update);
  if (conversation.open) open(false);
};

window.AishoChat = Object.assign(window.AishoChat || {}, { mount, guessLanguage });
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mount);
} else {
  mount();
}
