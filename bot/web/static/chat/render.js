/*
 * Messages as nodes: text and links only, never HTML. Links are made only
 * for tel:, http: and https: addresses.
 */
import { el } from "./dom.js";
import { KANJI } from "./language.js";
import { rubyNodes, wantsRuby } from "./furigana.js";

const LINK = /^(tel:|https?:\/\/)/i;
// 「解決しましたか？」 buttons: smaller, beside the answer's own quick replies.
const FEEDBACK = /^\/feedback\b/;
const URL_IN_TEXT = /(https?:\/\/[^\s<>"'「」（）()、。]+)/;

/**
 * The renderer of messages. `prefs` are the resident's settings, `t` gives
 * the widget's words, `htmlLang` the lang attribute of a form, `furigana` the
 * segments of a text, `onReply(payload, title)` is called by quick replies.
 */
export const createRenderer = ({ prefs, t, htmlLang, furigana, onReply }) => {
  const linkNode = (url, className) => {
    const external = /^https?:/i.test(url);
    return el("a", {
      href: url, class: className, target: external ? "_blank" : null,
      rel: external ? "noopener noreferrer" : null,
    }, external ? [url, el("span", { class: "aisho-visually-hidden" }, [t("newWindow")])] : [url]);
  };

  /** Nodes for a message's text: plain text and links, with ruby when asked. */
  const textNodes = async (text, withRuby) => {
    const nodes = [];
    for (const part of text.split(URL_IN_TEXT)) {
      if (!part) continue;
      if (URL_IN_TEXT.test(part) && /^https?:/i.test(part)) {
        nodes.push(linkNode(part, "aisho-link"));
      } else if (withRuby && KANJI.test(part)) {
        nodes.push(...rubyNodes(await furigana(part)));
      } else {
        nodes.push(document.createTextNode(part));
      }
    }
    return nodes;
  };

  /** Fills `node` with the text of `message` (with furigana when it is on). */
  const fillText = async (node, message) => {
    let nodes;
    try {
      nodes = await textNodes(message.text, wantsRuby(prefs, message));
    } catch (error) {
      nodes = await textNodes(message.text, false);
    }
    node.replaceChildren(...nodes);
    node.classList.toggle("has-ruby", nodes.some((child) => child.nodeName === "RUBY"));
  };

  const formatTime = (iso) => new Intl.DateTimeFormat(htmlLang(prefs.language), {
    hour: "2-digit", minute: "2-digit",
  }).format(new Date(iso));

  const replyNodes = (message) => (message.buttons || []).flatMap((button) => {
    if (LINK.test(button.payload)) {
      const link = linkNode(button.payload, "aisho-reply aisho-reply--link");
      link.firstChild.textContent = button.title;
      return [link];
    }
    if (message.retired) return [];
    const small = FEEDBACK.test(button.payload);
    const reply = el("button", {
      type: "button", class: small ? "aisho-reply aisho-reply--small" : "aisho-reply",
    }, [button.title]);
    reply.addEventListener("click", () => onReply(button.payload, button.title));
    return [reply];
  });

  /** A message of the log: speaker, text, quick replies and time. */
  const messageNode = async (message) => {
    const text = el("p", { class: "aisho-msg__text" });
    await fillText(text, message);
    const bubble = el("div", { class: "aisho-msg__bubble", lang: htmlLang(message.lang) }, [text]);
    const replies = replyNodes(message);
    const speaker = message.from === "user" ? t("you") : t("bot");
    return el("div", { class: `aisho-msg aisho-msg--${message.from}`, "data-id": message.id }, [
      el("span", { class: "aisho-visually-hidden" }, [`${speaker}: `]),
      bubble,
      replies.length ? el("div", {
        class: "aisho-replies", role: "group", "aria-label": t("replies"),
        lang: htmlLang(message.lang),
      }, replies) : "",
      el("time", { class: "aisho-msg__time", datetime: message.time }, [formatTime(message.time)]),
    ].filter(Boolean));
  };

  /** A notice from the widget itself: words of `key`, with the office's name and phone. */
  const noticeNode = (key, contact) => {
    const template = contact ? t(key) : t("offline");
    const parts = template.split(/(\{office\}|\{phone\})/).filter(Boolean).map((part) => {
      if (part === "{office}") return el("span", { lang: "ja" }, [contact.office_name]);
      if (part === "{phone}") {
        return el("a", { href: contact.phone_uri, class: "aisho-tel" }, [contact.phone]);
      }
      return part;
    });
    return el("div", { class: "aisho-msg aisho-msg--notice" }, [
      el("p", { class: "aisho-msg__text", lang: htmlLang(prefs.language) }, parts),
    ]);
  };

  return { messageNode, noticeNode, fillText };
};
