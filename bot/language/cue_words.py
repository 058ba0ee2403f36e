"""Frequent words that give a short Latin-script message's language away.

Statistical detectors lean on diacritics; residents typing on phones often
drop them ("chinh sach la gi", "qual e o periodo"). These lists hold common
function and topic words, written without diacritics, that occur in one of
the languages and rarely in the others. `cue_votes` counts them; the detector
uses the count only when lingua is unsure.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Iterable

CUE_WORDS: Dict[str, FrozenSet[str]] = {
    "vi": frozenset(
        "la gi khong ko hok dc duoc cua nao may gio dau toi minh em anh chi cho hoi ve nay "
        "thi voi nhu the sao lam bao nhieu khi lai roi chua dang muon can biet xin cam "
        "chinh sach thoi gian van phong dien thoai mo dong ngay thu tieng viet ai giup "
        "nguoi lien he dia chi hanh chinh so hoa chuyen doi ke hoach muc tieu nhung "
        "trong dieu nghia cuoi noi dung tom ra doi phuc vu triet ly nha co cac nhieu "
        "duoc phai viec lam sao giup voi oi nha nhe ak ad j ji lich rac thue nop giay han "
        "nang dinh dac ky tru ngay mai hom nay benh vien nguoi nuoc ngoai".split()
    ),
    "pt": frozenset(
        "o os as um uma que qual quais quando como onde porque pq por para pra sem nao "
        "sim voce vc voces meu minha tem ter posso pode quero queria gostaria saber sobre "
        "isso esse essa aqui obrigado obrigada ola oi bom boa tarde noite prefeitura "
        "politica periodo horario telefone escritorio ajuda ajudar falar funcionario "
        "atendimento ate qdo tb tbm entao ainda muito fazer cidade do da dos das ao aos "
        "pelo pela num numa voce tambem onibus estacao trem ponto mim pro pros pras ne".split()
    ),
    "en": frozenset(
        "the is are what when where how who why which can could would do does i you my "
        "your please want know about of to for and with office hours phone policy town "
        "city open close closed help speak talk staff thank thanks".split()
    ),
    "es": frozenset(
        "el es los las del y hola gracias quiero donde cual cuando estan oficina "
        "ayuntamiento usted puedo tengo hablar cuanto buenos buenas dias necesito "
        "informacion".split()
    ),
}


def cue_votes(words: Iterable[str]) -> Dict[str, int]:
    """How many of `words` (lower case, without diacritics) each language claims."""
    votes = {language: 0 for language in CUE_WORDS}
    for word in words:
        for language, cues in CUE_WORDS.items():
            votes[language] += word in cues
    return votes
