"""Genre detection: a fast, deterministic guess of a text's genre from surface cues (no NLP pipeline)."""

from __future__ import annotations

import logging
import re
from collections import Counter

GENRE_NAMES: tuple[str, ...] = (
    "book",
    "conversation",
    "code",
    "wiki",
    "web",
    "textbook",
    "instruction",
    "math",
)
"""The shipped genres, which :func:`detect_genre` chooses among."""

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------- detection
#
# Pure regex and counting, no NLP pipeline: each genre gets a score from general surface cues, and the
# highest wins ("web", the catch-all, starts from a small base). Long inputs are sampled (head and middle)
# so a 1 MB document costs about as much as a 60 kB one.

_SAMPLE_HEAD = 40_000
_SAMPLE_MID = 20_000
_WEB_BASE = 0.3


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_M = re.MULTILINE
_I = re.IGNORECASE
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)", _M)
_INLINE_CODE = re.compile(r"`[^`\n]{1,80}`")
_CODE_LINE = re.compile(
    r"""^[ \t]*(?:
        (?:def|class|import|from\s+[\w.]+\s+import|return|elif|else\b|if\s*\(|for\s*\(|while\s*\(|switch\s*\(
          |case\s+[^:]{1,40}:|public|private|protected|static|void|int|var|let|const|function|\#include
          |\#define|using\s+[\w.]+;|namespace|package\s+[\w.]+|fn|func|async|await|try\s*[:{]|catch\s*\(
          |except\b|raise|throw|echo|puts|print\s*\(|console\.|System\.|std::|\$\w+\s*=|\#!/|elsif|end\s*$
          |MATCH\s*\(|MERGE\s*\(|RETURN
          |SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW|DATABASE)
          |DROP|ALTER\s+TABLE|FROM\s+\w+|WHERE|ORDER\s+BY|GROUP\s+BY|JOIN|BEGIN|END\b
          |<\?php|<!DOCTYPE|</?\w+[ >])
        |//|/\*|\*/|[})\]];?\s*$|@\w+
        |[A-Za-z_][\w.\[\]"']*\s*(?:[-+*/%|&]|\*\*)?=\s*[^\s=]
        |(?:\ {4,}|\t+)(?:[^\n]*[=(){}\[\];"'#/<>]|\S+\s*$)
        )""",
    re.VERBOSE,
)
_CODE_END = re.compile(r"(?:[;{]|\)\s*:|=>|->)[ \t]*$")
_CODE_MENTION = re.compile(
    r"\b(?:code|script|snippet|query|program|function|method|implementation|class|module)\b[^.\n]{0,40}"
    r"\b(?:in|using)\s+(?:python|javascript|typescript|java|c\#|c\+\+|c|ruby|rust|go|golang|sql|bash|shell"
    r"|julia|php|kotlin|swift|cypher|neo4j|r|perl|scala|haskell|matlab)\b"
    r"|\b(?:python|javascript|typescript|java|c\#|c\+\+|ruby|rust|golang|sql|bash|julia|php|kotlin|swift"
    r"|cypher)\s+(?:code|script|snippet|query|program|function|module)\b",
    _I,
)
_CODE_TOKENS = re.compile(r"==|!=|&&|\|\||::|=>|->|\+\+|\+=|\w\(\)|\)\s*\{|;\s*$", _M)

_DOLLAR_MATH = re.compile(r"\$[^$\n]{1,300}?\$")
_LATEX = re.compile(
    r"\\(?:frac|dfrac|tfrac|times|div|cdot|sqrt|left|right|color|pi|le|ge|leq|geq|neq|approx|sum|int|lim"
    r"|begin|end|alpha|beta|gamma|theta|lambda|mu|sigma|infty|text|mathrm|mathbf|overline|pm|angle|circ)\b"
)
_LINK = re.compile(r"<[^<>\s]{1,500}>|https?://\S+|www\.\S+|\b[\w.\-]+\.(?:com|org|net|edu|gov|io|ca|uk)/\S*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_EQUATION = re.compile(r"\d\s*[-+*/×÷=^<>≤≥]\s*[-(]?\d|\b[a-z]\s*[=^]\s*-?\d|\d\s*[a-z]\s*[-+=]")
_MATH_WORDS = re.compile(
    r"\b(?:how\s+many|how\s+much|what\s+is\s+the\s+value|evaluate|simplify|solve|calculate|compute"
    r"|equation|fraction|divided\s+by|multiplied|sum|product|difference|quotient|remainder|digits?"
    r"|perimeter|area|percent|probability|integer|prime|factor|round\s+to|nearest|average|total"
    r"|altogether|each|per|times|twice|half|ratio)\b",
    _I,
)

_LABEL_LINE = re.compile(r"^[ \t]*[\[<(*_]*([^\W\d_][^\n:]{0,40}?)[\]>)*_]*[ \t]*:[ \t]+(?=\S)", _M)
_STRUCTURAL_LABELS = _wordset(
    """step topic section lesson chapter part unit module example examples exercise exercises question
    questions answer answers note notes tip tips warning caution important definition definitions
    introduction conclusion summary overview objective objectives goal goals input output
    instruction instructions response directions ingredients method source sources date time posted
    tags tag email e-mail phone tel fax address price author title subject re from to cc category
    categories http https url www see also keywords abstract result results solution hint hints
    problem problems proof theorem lemma figure fig table level total status version type name
    location website key core theory practice activity glossary reference references background
    purpose materials yield serves prep cook usage returns parameters args arguments raises error
    warning"""
)
_CHAT_MARKER = re.compile(
    r"^[ \t]*(?:user|assistant|human|ai|system|bot|customer|agent|interviewer|q|a)[ \t]*:"
    r"|<\|(?:user|assistant)\|>",
    _M | _I,
)
_QUOTE_MARK = re.compile(r"[\"“”]")
_QUOTE_ADJ = re.compile(r"[\"”][ \t]*[\"“]")
_SAID = re.compile(
    r"\b(?:said|asked|replied|answered|whispered|shouted|cried|muttered|called|exclaimed|murmured|told)\b"
)

_STEP_MARK = re.compile(
    r"^[ \t]*(?:(?:step|stage)[ \t]*\d+[.:)]?|\d{1,2}[.)]|[-*•+])[ \t]+(\**)([^\W\d_]+)", _M | _I
)
_IMPERATIVES = _wordset(
    """add adjust allow apply arrange ask attach avoid bake be beat begin blend boil bring brush build
    buy call check choose chop clean clear click close combine connect cook copy cover create cut
    decide define delete do download drag drain drink drop dry eat edit enable enter fill find
    finish fold follow fry get give go grab heat hold insert install keep leave let lift list load
    locate look make measure melt mix move note open paste pay peel pick place plug pour prepare
    press preheat print put read reduce remember remove repeat replace rinse run save scroll season
    select send serve set sew share simmer slice soak sort spread sprinkle start stir stop store
    sign submit switch take tap test tie touch try turn type unplug update use visit wait walk wash
    watch wear whisk wipe write"""
)
_INSTRUCTION_MARK = re.compile(
    r"^[ \t]*(?:#+[ \t]*)?(?:instructions?|directions|ingredients|you\s+will\s+need|what\s+you\s+need"
    r"|materials|response|how\s+to\b|step[ \t]*1\b)",
    _M | _I,
)

_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+\S|[IVX]+\.[ \t]+[A-Z]|\d+(?:\.\d+)*\.?[ \t]+[A-Z][^.!?\n]{0,60}$)", _M
)
_TEXTBOOK_WORDS = re.compile(
    r"\b(?:lessons?|chapters?|exercises?|definitions?|glossary|students?|learners?|textbook|curriculum"
    r"|key\s+(?:terms|concepts|points|takeaways)|learning\s+(?:objectives|outcomes)|practice\s+(?:questions|problems)"
    r"|review\s+questions|in\s+this\s+(?:lesson|chapter|section|unit|module)"
    r"|we\s+(?:will|shall)\s+(?:learn|explore|discuss|cover|study)|you\s+will\s+learn|core\s+value"
    r"|for\s+example|is\s+defined\s+as|refers\s+to|theoretical|concepts?)\b",
    _I,
)
_TEXTBOOK_START = re.compile(r"\s*[#*_]*\s*(?:lesson|chapter|unit|module|course|tutorial)\b", _I)
_TEXTBOOK_LABEL = re.compile(
    r"^[ \t]*[#*_]*[ \t]*(?:lesson|chapter|section|unit|introduction|conclusion|glossary|summary|exercises?"
    r"|definition|objectives?|key\s+terms|review|quiz|questions?|answers?)\b[^\n]{0,60}:?[ \t]*$",
    _M | _I,
)

_DEFINITIONAL = re.compile(
    r"^[^\n.]{0,160}?(?:\([^)\n]{0,120}\)[^\n.]{0,40})?\b(?:is|was|are|were)\s+(?:a|an|the|one|two|three|\w+ian)\b"
)
_DATE_PAREN = re.compile(
    r"\((?:born|b\.|died|d\.|c\.|ca\.|circa|née|\d{1,2}\s+[A-Z][a-z]+\s+\d{3,4}|[A-Z][a-z]+\s+\d{1,2},\s*\d{3,4}"
    r"|\d{3,4})[^()\n]{0,100}\)"
)
_WIKI_MARKERS = re.compile(
    r"\[\d{1,3}\]|^(?:references|see also|external links|notes|further reading)\s*$", _M | _I
)
_PERSONAL = re.compile(r"\bI\b(?!\s+of\b|\.)|\b(?:me|my|we|us|our|you|your)\b")
_THIRD = re.compile(r"\b(?:he|she|him|her|his|they|them|their)\b", _I)
_PAST = re.compile(
    r"\b(?:was|were|had|did|went|came|saw|looked|felt|knew|thought|took|turned|began|seemed|stood|sat"
    r"|heard|told|left|found|got|made)\b"
)
_CHAPTER = re.compile(
    r"^[ \t]*(?:chapter|book|part)[ \t]+(?:[ivxlc]+|\d+|one|two|three|[a-z]+teen)\b", _M | _I
)
_PROSE_CITE = re.compile(
    r"\([A-Z][\w'’\-]+(?:\s+(?:and|&)\s+[A-Z][\w'’\-]+|\s+et\s+al\.)?,?\s+\d{4}[a-z]?(?::\s*\d+)?\)"
)
_WEB_MARKERS = re.compile(
    r"https?://|www\.|\b(?:click|posted|share|comments?|subscribe|sign\s+in|log\s+in|login|cookies?|privacy"
    r"\s+policy|read\s+more|newsletter|copyright|all\s+rights\s+reserved|tweet|facebook|twitter|blog|website"
    r"|free\s+shipping|add\s+to\s+cart|reply)\b|©|\|",
    _I,
)


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_HEAD + _SAMPLE_MID:
        return text
    mid = len(text) // 2
    return text[:_SAMPLE_HEAD] + "\n" + text[mid : mid + _SAMPLE_MID]


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _is_speaker(label: str) -> bool:
    words = label.split()
    if not words or len(words) > 4 or label[0].islower() or label.endswith((".", ",")):
        return False
    first = words[0].lower().strip("*_#")
    if first in _STRUCTURAL_LABELS:
        return False
    # "KYRA PHILLIPS, CNN ANCHOR" or "Dr. Smith" or "Anna": capitalised words only.
    return all(w[0].isupper() or not w[0].isalpha() or w.lower() in {"de", "van", "von", "of"} for w in words)


def detect_genre_scores(text: str) -> dict[str, float]:
    """Per-genre scores (higher is more likely) behind :func:`detect_genre`; for debugging and tuning."""
    scores = dict.fromkeys(GENRE_NAMES, 0.0)
    scores["web"] = _WEB_BASE
    if not isinstance(text, str) or not text.strip():
        return scores
    s = _sample(text)
    if "\n" not in s and "\\n" in s:  # JSON-escaped text that was encoded twice
        s = s.replace("\\n", "\n")
    lines = [ln for ln in s.splitlines() if ln.strip()]
    n_lines = max(1, len(lines))
    words = _WORD.findall(s)
    n_words = max(1, len(words))
    per_100w = 100.0 / n_words

    # code: fenced blocks, lines of code syntax, operators.
    fences = len(_FENCE.findall(s))
    code_lines = sum(1 for ln in lines if _CODE_LINE.match(ln) or _CODE_END.search(ln))
    code_ratio = code_lines / n_lines
    tokens = len(_CODE_TOKENS.findall(s)) * per_100w
    scores["code"] = (
        _clip((code_ratio - 0.1) * 2.0) * 0.7
        + (0.4 if fences >= 2 else 0.0)
        + _clip(tokens / 8) * 0.3
        + _clip(len(_INLINE_CODE.findall(s)) * per_100w / 4) * 0.1
        + (0.2 if _CODE_MENTION.search(s[:2000]) else 0.0)
    )

    # math: LaTeX, dollar spans, equations and problem wording in a short, number-dense text.
    m = _LINK.sub(" ", s)
    dollars = len(_DOLLAR_MATH.findall(m))
    latex = len(_LATEX.findall(m))
    equations = len(_EQUATION.findall(m))
    digits = sum(ch.isdigit() for ch in m) / max(1, len(m))
    math_words = len(_MATH_WORDS.findall(m))
    marks = (dollars + latex + equations) * per_100w
    scores["math"] = (
        _clip(marks / 6) * 0.8
        + (_clip(digits * 8) * 0.2 + _clip(math_words * per_100w / 3) * 0.2) * _clip(marks)
        + (0.1 if n_words < 300 and (dollars or equations) else 0.0)
        + (0.4 if n_words < 120 and "?" in m and len(_NUMBER.findall(m)) >= 2 and math_words else 0.0)
        - (0.3 if fences >= 2 else 0.0)
    )

    # conversation: speaker-labelled turns, chains of short quoted utterances, dash turns.
    labels = [m.group(1).strip() for m in _LABEL_LINE.finditer(s)]
    speakers = [lb.lower() for lb in labels if _is_speaker(lb)]
    repeated = sum(1 for count in Counter(speakers).values() if count >= 2)
    speaker_ratio = len(speakers) / n_lines
    speaker_score = _clip(speaker_ratio * 1.6) * (1.0 if repeated >= 2 else 0.6 if repeated else 0.3)
    chat = len(_CHAT_MARKER.findall(s))
    quote_marks = len(_QUOTE_MARK.findall(s))
    adjacent = len(_QUOTE_ADJ.findall(s))
    said = len(_SAID.findall(s))
    chain = adjacent * 2 / max(1, quote_marks)  # share of utterances that follow another directly
    quote_score = (
        _clip((chain - 0.3) * 2)
        * _clip(quote_marks * per_100w / 15)
        * (1 - _clip(said / max(1, adjacent) * 3))
    )
    scores["conversation"] = max(speaker_score, quote_score) + _clip(chat / 4) * 0.3

    # instruction: numbered or bulleted steps that start with a verb, instruction headers.
    steps = _STEP_MARK.findall(s)
    imperative_steps = sum(1 for _, word in steps if word.lower() in _IMPERATIVES)
    imperative_lines = sum(1 for ln in lines if (_WORD.match(ln.strip()) or [""])[0].lower() in _IMPERATIVES)
    markers = len(_INSTRUCTION_MARK.findall(s))
    scores["instruction"] = (
        _clip(imperative_steps / n_lines * 2.5) * 0.5
        + _clip(imperative_lines / n_lines * 2) * 0.3
        + _clip(markers / 2) * 0.3
    )

    # textbook: headings plus teaching vocabulary.
    headings = len(_HEADING.findall(s)) + len(_TEXTBOOK_LABEL.findall(s))
    teach = len(_TEXTBOOK_WORDS.findall(s)) * per_100w
    scores["textbook"] = (
        _clip(teach / 2.5) * 0.5
        + _clip(headings / n_lines * 4) * 0.3
        + (0.2 if _TEXTBOOK_START.match(s) else 0.0)
    )

    # wiki: a short title line, a definitional first sentence, dates in parentheses, no "I/you".
    head = lines[0].strip() if lines else ""
    second = lines[1].strip() if len(lines) > 1 else ""
    title = 0 < len(head.split()) <= 10 and not head.endswith((".", ":", "?", "!", ",", ";"))
    title_words = {w for w in _WORD.findall(head) if len(w) >= 4}
    title_repeated = title and bool(title_words & set(_WORD.findall(second[:80])))
    body = second if title else head
    definitional = bool(_DEFINITIONAL.match(body)) or bool(_DEFINITIONAL.match(head))
    personal = len(_PERSONAL.findall(s)) * per_100w
    scores["wiki"] = (
        (0.1 if title else 0.0)
        + (0.15 if title_repeated else 0.0)
        + (0.1 if personal == 0 and not quote_marks else 0.0)
        + (0.3 if definitional else 0.0)
        + _clip(len(_DATE_PAREN.findall(s[:3000])) / 2) * 0.2
        + _clip(len(_WIKI_MARKERS.findall(s)) * per_100w) * 0.1
    ) * (1 - 0.6 * _clip(personal / 4))

    # book: long paragraphs of narrative prose, dialogue with speech verbs, chapters, academic citations.
    line_words = n_words / n_lines
    narrative = (len(_PAST.findall(s)) + len(_THIRD.findall(s))) * per_100w
    scores["book"] = (
        _clip((line_words - 45) / 50) * 0.3
        + _clip((narrative - 5) / 7) * 0.15
        + _clip(said * per_100w) * 0.1
        + _clip(len(_CHAPTER.findall(s)) / 2) * 0.25
        + _clip(len(_PROSE_CITE.findall(s)) * per_100w * 3) * 0.25
        - _clip(code_ratio * 2) * 0.3
    )

    # web: the catch-all, plus page furniture (links, share buttons, copyright lines).
    scores["web"] = _WEB_BASE + _clip(len(_WEB_MARKERS.findall(s)) * per_100w / 2) * 0.3
    return {name: round(score, 4) for name, score in scores.items()}


def detect_genre(text: str) -> str:
    """The most likely shipped genre of ``text`` ("web" when empty or unclear); fast, never raises."""
    try:
        scores = detect_genre_scores(text)
    except Exception:  # pragma: no cover - the detector must never fail a pipeline
        logger.exception("genre detection failed; falling back to 'web'")
        return "web"
    best = max(GENRE_NAMES, key=lambda g: (scores[g], g == "web"))
    return best
