/*
 * Furigana: readings over the kanji of Japanese answers, as <ruby>, from the
 * web server (POST /api/furigana, bot/web/furigana.py).
 */
import { el } from "./dom.js";
import { KANJI } from "./language.js";

/**
 * A function giving the segments of a text ({text, reading}) from `base`;
 * each text is asked for once (a failed request is asked for again).
 */
export const createFurigana = (base) => {
  const cache = new Map();
  return (text) => {
    if (!cache.has(text)) {
      const request = fetch(`${base}/api/furigana`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text }),
      }).then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => data.segments);
      request.catch(() => cache.delete(text));
      cache.set(text, request);
    }
    return cache.get(text);
  };
};

/** Ruby (or plain text) nodes for the segments of a text. */
export const rubyNodes = (segments) => segments.map((segment) => (segment.reading ? el("ruby", {}, [
  segment.text, el("rp", {}, ["("]), el("rt", {}, [segment.reading]), el("rp", {}, [")"]),
]) : document.createTextNode(segment.text)));

/** Whether a message gets furigana: a Japanese answer with kanji, while furigana is on. */
export const wantsRuby = (prefs, message) => prefs.furigana && message.from === "bot"
  && (message.lang === "ja" || message.lang === "easy_ja") && KANJI.test(message.text);
