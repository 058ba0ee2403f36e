/*
 * Which of the seven answer forms a text is written in, judged by its script.
 */

export const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]/;
const KANA = /[\u3040-\u30ff]/;
const HANGUL = /[\uac00-\ud7af\u1100-\u11ff]/;
const VIETNAMESE = /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const PORTUGUESE = /[ãõç]|\b(de|da|que|para|uma|com|qual|quando|onde|obrigad[oa])\b/i;
// Markup, addresses and code-like ASCII runs say nothing of the writer's language.
const NOT_LANGUAGE = /<[^<>]*>|https?:\/\/\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|[!-~]*[(){}[\];=`\\][!-~]*/g;

/** Which of the seven forms a text is written in, judged by its script. */
export const guessLanguage = (message, fallback) => {
  const text = message.replace(NOT_LANGUAGE, " ");
  const japanese = fallback === "easy_ja" ? "easy_ja" : "ja";
  if (KANA.test(text)) return japanese;
  if (HANGUL.test(text)) return "ko";
  if (KANJI.test(text)) return fallback === "ja" || fallback === "easy_ja" ? fallback : "zh";
  if (VIETNAMESE.test(text)) return "vi";
  if (PORTUGUESE.test(text)) return "pt";
  if (/[a-z]/i.test(text)) return "en";
  return fallback;
};
