"""Requests that work at every prompt (status, a person, menu, cancel, help, language) and
questions about the current service, recognised by cheap word rules before any NLU."""

from __future__ import annotations

import re
from enum import StrEnum


class Request(StrEnum):
    """What a message asks for instead of answering the prompt."""

    STATUS = "status"
    AGENT = "agent"
    MENU = "menu"
    CANCEL = "cancel"
    HELP = "help"
    ENGLISH = "english"
    INDONESIAN = "indonesian"
    REQUIREMENTS = "requirements"
    TIME = "time"
    FEE = "fee"
    SERVICE = "service"  # another service than the one being filled in


QUESTIONS = frozenset({Request.REQUIREMENTS, Request.TIME, Request.FEE})
SHORT_QUESTION_WORDS = 6
LONG_QUESTION_WORDS = 12  # a longer text with a "?" is a story (a complaint), not a question
CASE_NUMBER = re.compile(r"\bHL-?\s?(\d{4})-?\s?(\d{1,6})\b", re.IGNORECASE)
QUESTION_WORDS = frozenset(
    "apa apakah berapa brp bagaimana gimana gmn bgmn kapan kenapa knp mengapa dimana "
    "mana siapa bisakah bolehkah haruskah perlukah".split())
REQUEST_OPENERS = frozenset("mau ingin pengen pingin minta mohon tolong bisa".split())
SERVICE_INTENTS = frozenset({"request_service", "request_kia", "check_pbb", "complaint"})


def _rule(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


WHOLE = {  # the whole message is one of these words
    Request.MENU: frozenset({"menu", "mulai", "start", "/start", "home", "awal", "kembali ke menu",
                             "menu utama", "lihat menu", "ke menu"}),
    Request.CANCEL: frozenset({"batal", "cancel", "stop", "berhenti", "batalkan", "batalin",
                               "batal aja", "batal saja", "gak jadi", "nggak jadi", "ga jadi",
                               "tidak jadi", "enggak jadi", "gajadi", "ngga jadi"}),
    Request.HELP: frozenset({"bantuan", "help", "/help", "tolong bantu", "bingung", "saya bingung",
                             "caranya gimana", "caranya bagaimana", "gimana caranya"}),
    Request.ENGLISH: frozenset({"english", "bahasa inggris", "inggris", "in english"}),
    Request.INDONESIAN: frozenset({"bahasa indonesia", "indonesia", "indonesian"}),
    Request.STATUS: frozenset({"status", "cek status", "cek status permohonan", "lihat status"}),
    Request.AGENT: frozenset({"petugas", "admin", "cs", "bicara dengan petugas", "hubungi petugas",
                              "minta petugas"}),
}
PHRASES = (  # requests clear enough to win over any answer, in a message of at most n words
    (Request.STATUS, _rule(r"cek status\w*", r"status (permohonan|pengajuan|berkas|laporan) "
                           r"(saya|sy|aku|kami)"), 40),
    (Request.AGENT, _rule(
        r"(bicara|berbicara|ngomong|ngobrol|chat|hubungi|sambungkan|disambungkan|terhubung|"
        r"dilayani) (langsung )?(dengan|dgn|sama|ama|ke|oleh) (\w+ )?"
        r"(petugas|admin|operator|orang|cs|manusia|pegawai)", r"call center"), 12),
    # "saya mau petugas ditindak" in a complaint's story is no request for a person
    (Request.AGENT, _rule(r"(minta|mau|ingin|butuh) (\w+ )?(petugas|admin|cs|customer service|"
                          r"manusia)"), 5),
)
SERVICE_QUESTIONS = (  # a question about the current service (time and fee before the rest)
    (Request.TIME, _rule(r"(berapa|brp) (\w+ )?(lama|hari|jam|minggu)", r"lama\w* (\w+ )?"
                         r"(berapa|brp|proses\w*)", r"proses\w* (\w+ )?(berapa|brp) ",
                         r"kapan (jadi|selesai|beres)\w*", r"lama\w* (gak|ga|nggak|ngga|tidak|gk)",
                         r"how long")),
    (Request.FEE, _rule(r"biaya\w*", r"bayar\w*", r"tarif\w*", r"gratis\w*", r"ongkos\w*",
                        r"harga\w*", r"berbayar", r"how much", r"fee")),
    (Request.REQUIREMENTS, _rule(r"syarat\w*", r"persyaratan\w*", r"syrt",
                                 r"(berkas|dokumen)\w* (apa|yang)", r"bawa apa",
                                 r"perlu (bawa|apa)", r"requirements?")),
)


def normalise(text: str) -> str:
    """Lower case, single spaces, without the punctuation around words."""
    return " ".join(re.sub(r"[^\w\s/?-]", " ", text.lower()).split())


def looks_like_question(text: str) -> bool:
    """A text ending in "?" or starting with a question word."""
    words = normalise(text).replace("?", " ").split()
    return text.strip().endswith("?") or bool(words and words[0] in QUESTION_WORDS)


def sounds_like_request(text: str) -> bool:
    """"mau urus akta", "saya ingin ...": words that ask, not a name or an address (an opener
    alone asks for nothing: "bisa" answers "can the truck get there?")."""
    words = [w for w in normalise(text).split() if w not in ("saya", "sy", "aku", "kami")]
    return len(words) > 1 and words[0] in REQUEST_OPENERS


def service_question(text: str) -> Request | None:
    """Requirements, time or fee of the service, when the text asks about one of them."""
    plain = normalise(text).replace("?", " ")
    return next((kind for kind, rule in SERVICE_QUESTIONS if rule.search(plain)), None)


def recognise(text: str) -> Request | None:
    """The request a message makes at any prompt, or None when it may be an answer.

    A service question counts here only when it reads as one (a "?" or a question word):
    "sudah bayar" may answer a yes/no prompt, so the flow decides about it first.
    """
    plain = normalise(text).replace("?", " ").strip()
    count = len(plain.split())
    if not plain:
        return None
    for kind, words in WHOLE.items():
        if plain in words:
            return kind
    if CASE_NUMBER.fullmatch(text.strip()) or (CASE_NUMBER.search(text) and count <= 4):
        return Request.STATUS
    for kind, rule, most in PHRASES:
        if count <= most and rule.search(plain):
            return kind
    asked = looks_like_question(text) and count <= LONG_QUESTION_WORDS
    return service_question(text) if asked else None


def is_short(text: str) -> bool:
    """A few words: a service question without "?" is this short; longer texts are answers."""
    return len(normalise(text).split()) <= SHORT_QUESTION_WORDS


def from_intent(intent: str, text: str) -> Request | None:
    """The request behind an NLU intent, for a text the flow could not take as an answer."""
    if intent == "check_status":
        return Request.STATUS
    if intent == "talk_to_agent":
        return Request.AGENT
    if intent == "ask_requirements":
        return service_question(text) or Request.REQUIREMENTS
    if intent == "menu":
        return Request.HELP
    return Request.SERVICE if intent in SERVICE_INTENTS else None


GREETING = re.compile(
    r"^(?:hal+o+|hai|hi|hey|helo|hello|as+alamu\w*|askum|selamat (?:pagi|siang|sore|malam)|"
    r"pagi|siang|sore|malam|permisi|punten|min|mimin|admin|kak|pak|bu|ibu|bapak)\b[\s,.!]*",
    re.IGNORECASE)


def is_greeting(text: str) -> bool:
    """Only greetings ("halo", "selamat pagi pak"): no answer to a question."""
    rest = text.strip()
    while (shorter := GREETING.sub("", rest, count=1).strip()) != rest:
        rest = shorter
    return bool(text.strip()) and not rest.strip(" ,.!?")


def after_greeting(text: str) -> str:
    """What follows the greetings ("halo min, saya mau ..." -> "saya mau ..."); "" if nothing."""
    rest, previous = text.strip(), None
    while rest != previous:
        previous, rest = rest, GREETING.sub("", rest, count=1).strip()
    return rest if len(rest.split()) >= 2 else ""
