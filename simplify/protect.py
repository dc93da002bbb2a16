"""Find the spans of a text that must stay byte-exact: code, math, URLs, numbers, labels and markup.

Everything here is regex- and line-based and linear in the length of the text. Patterns are written so
that no match attempt can scan further than a bounded window or the next delimiter, and paired
delimiters (fences, ``\\(``/``\\)``, ``\\begin``/``\\end``, HTML comments) are paired by a single forward
scan rather than by lazy regexes, so hostile input (1 MB of one character, markup soup) stays fast.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

logger = logging.getLogger(__name__)

PROTECT_KINDS: tuple[str, ...] = (
    "code_block",
    "inline_code",
    "url",
    "email",
    "number",
    "math",
    "speaker_label",
    "markdown",
    "entity",
    "quote",
)
# Kinds whose spans come from elsewhere (the parser); accepted here and ignored.
_EXTERNAL_KINDS = frozenset({"entity", "quote"})
DEFAULT_MAX_CHARS = 20_000

_Pair = tuple[int, int]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character span ``[start, end)`` of ``kind`` whose text must stay byte-exact."""

    start: int
    end: int
    kind: str


# --------------------------------------------------------------------------------------------------
# code blocks
# --------------------------------------------------------------------------------------------------

_CODE_CHARS = "(){}[];=<>"
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w:.\-]*(?:[\s/][^<>]*)?>|<!--|-->")
_STRONG_CODE_RE = re.compile(r"[=;{}]|\w\(|->|=>|::")
_ENTITY_END_RE = re.compile(r"&#?\w{1,32};$")
_CLOSERS_ONLY_RE = re.compile(r"[})\];,]+")
_BARE_STATEMENT_RE = re.compile(r"[\w.$]+(?:\(\))?;")
_CODE_START_RE = re.compile(
    r"(?:def\s+\w+\s*\("
    r"|class\s+[A-Za-z_]\w*\s*(?:[(:{]|extends\b|implements\b|$)"
    r"|import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*\s*;?$"
    r"|import\s*[{*]|import\s+\w+\s+from\s|import\s+[\"']"
    r"|from\s+[\w.]+\s+import\s+[\w*(]"
    r"|#include\s*[<\"]|#!/"
    r"|function\b\s*[\w$]*\s*\("
    r"|SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+TABLE\s"
    r"|(?:var|let|const)\s+[\w$]+\s*=[^=]"
    r"|>>>\s|//|/\*"
    r"|\$\s+[a-z]"
    r")"
)
_CODE_START_CHARS = frozenset("dcifSIUDCvl>/$#")
_RETURN_RE = re.compile(r"return(?:\s*;?|\s+[^\s.!?]+;?|\s+.*[()\[\]{}=<>+\-*/%;].*)")
_PY_BLOCK_RE = re.compile(r"(?:if|elif|for|while|with|try|except|finally|else)\b.*:")
_PROSE_WORD_RE = re.compile(r"[A-Za-z][a-z'’]+")


_DROP_CODE_CHARS = str.maketrans("", "", _CODE_CHARS)


def _count_code_chars(s: str) -> int:
    return len(s) - len(s.translate(_DROP_CODE_CHARS))


def _is_code_line(s: str) -> bool:
    """Whether a stripped, non-empty line looks like source code rather than prose."""
    c0 = s[0]
    if c0 == "|" or c0 == "\\" or s.startswith("{|") or ("{{" in s and "}}" in s):
        return False  # markdown/wiki tables, wiki templates, LaTeX
    if c0 in _CODE_START_CHARS and _CODE_START_RE.match(s):
        return True
    if "<" in s:
        s = _HTML_TAG_RE.sub("", s).strip()
        if not s:
            return False
    if "$" in s:  # math is protected on its own; it does not make a line code
        s = _INLINE_DOLLAR_RE.sub(" ", _DISPLAY_DOLLAR_RE.sub(" ", s)).strip()
        if not s:
            return False
    last = s[-1]
    if last == "{":
        return not s.startswith("{{")
    if last == "}":
        return "{" in s or _CLOSERS_ONLY_RE.fullmatch(s) is not None
    if last == ";":
        if _ENTITY_END_RE.search(s):
            return False
        if _count_code_chars(s[:-1]) > 0 or _BARE_STATEMENT_RE.fullmatch(s) or s.startswith("return"):
            return True
    if s.startswith("return") and _RETURN_RE.fullmatch(s) and len(s) <= 80:
        return True
    if last == ":" and _PY_BLOCK_RE.match(s):
        return s in ("else:", "try:", "finally:", "except:") or _count_code_chars(s) > 0
    if len(s) >= 6:
        n_code = _count_code_chars(s)
        if n_code >= 4 and n_code >= 0.15 * (len(s) - s.count(" ")) and _STRONG_CODE_RE.search(s):
            return True
    return False


def _looks_like_prose(s: str) -> bool:
    """Whether a stripped, non-empty line reads like a sentence (for indented blocks and poems)."""
    if len(_PROSE_WORD_RE.findall(s)) < 3 or _count_code_chars(s) > 1:
        return False
    return s[0].isupper() or s[0] in "\"'“‘(" or s[-1] in ".!?,;:\"'”’)"


def _fence_open(line: str) -> tuple[str, int] | None:
    """``(char, length)`` when ``line`` opens a ``` or ~~~ fence."""
    if "``" not in line and "~~" not in line:
        return None
    stripped = line.lstrip(" \t")  # any indentation: fences nested in list items are common
    if len(stripped) < 3:
        return None
    ch = stripped[0]
    if ch not in "`~" or stripped[1] != ch or stripped[2] != ch:
        return None
    n = len(stripped) - len(stripped.lstrip(ch))
    if ch == "`" and "`" in stripped[n:]:
        return None  # ```x``` on one line is inline code, not a fence
    return ch, n


def _is_fence_close(line: str, ch: str, n: int) -> bool:
    stripped = line.strip()
    return len(stripped) >= n and stripped.lstrip(ch) == ""


def _is_indented(line: str) -> bool:
    return line.startswith(("    ", "\t"))


def _code_blocks(text: str) -> list[_Pair]:
    """Fenced blocks, indented blocks after a blank line, and runs of code-looking lines."""
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    n = len(lines)
    out: list[_Pair] = []
    i = 0
    prev_blank = True
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            prev_blank = True
            i += 1
            continue
        fence = _fence_open(line)
        if fence is not None:
            j = i + 1
            while j < n and not _is_fence_close(lines[j], *fence):
                j += 1
            end = starts[j] + len(lines[j]) if j < n else len(text)
            out.append((starts[i], end))
            i, prev_blank = j + 1, False
            continue
        if prev_blank and _is_indented(line):
            j = last = i
            total = prose = 0
            while j < n:
                cur = lines[j]
                s = cur.strip()
                if not s:
                    j += 1
                    continue
                if not _is_indented(cur) or _fence_open(cur) is not None:
                    break
                total += 1
                if _looks_like_prose(s) and not _is_code_line(s):
                    prose += 1
                last = j
                j += 1
            if prose * 2 < total:
                out.append((starts[i], starts[last] + len(lines[last])))
            i, prev_blank = last + 1, False
            continue
        if _is_code_line(stripped):
            j = last = i
            j += 1
            while j < n:
                cur = lines[j]
                s = cur.strip()
                if not s or _fence_open(cur) is not None:
                    break
                if _is_code_line(s) or (cur[0] in " \t" and not _looks_like_prose(s)):
                    last = j
                    j += 1
                    continue
                break
            out.append((starts[i], starts[last] + len(lines[last])))
            i, prev_blank = last + 1, False
            continue
        prev_blank = False
        i += 1
    return out


# --------------------------------------------------------------------------------------------------
# inline code, URLs, e-mail, numbers
# --------------------------------------------------------------------------------------------------

_INLINE_CODE_RE = re.compile(r"``[^\n]+?``|`[^`\n]+`")

_URL_TAIL_RE = re.compile(r"[^\s<>\"`]+")
_WWW_AHEAD_RE = re.compile(r"[a-z0-9\-]+\.[a-z]", re.IGNORECASE)
_TLD_SLASH_RE = re.compile(r"\.[a-z]{2,24}/", re.IGNORECASE)
_BARE_URL_RE = re.compile(r"(?:[a-z0-9\-]{1,63}\.){1,10}[a-z]{2,24}/[^\s<>\"`]*", re.IGNORECASE)
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_MAX_DOMAIN = 700
_URL_TRAIL = frozenset(".,;:!?'\"*_")
_BRACKETS = {")": "(", "]": "[", "}": "{"}

_EMAIL_DOMAIN_RE = re.compile(r"(?:[A-Za-z0-9\-]{1,63}\.){1,8}[A-Za-z]{2,24}\b")
_EMAIL_LOCAL_EXTRA = frozenset(".+-_")

_UNIT_LIST = (
    "km/h m/s km² m² m³ cm² cm³ km kg mg g cm mm µm μm nm m mi ft yd mph kph ml mL L kWh kW MW GW W "
    "kV V mA Hz kHz MHz GHz KB kB MB GB TB Kb Mb Gb lb lbs oz px pt ms s sec min h hr hrs yr yrs"
)
_UNITS = sorted(_UNIT_LIST.split(" "), key=len, reverse=True)
# The number itself, from its first digit (or the dot of ".5"); sign and currency are found backwards.
_NUMBER_BODY_RE = re.compile(
    r"(?:\d+(?:[.,:/]\d+)*|\.\d+)"
    r"(?:[eE][-+]?\d+)?"
    r"(?:[ ]?[-–—][ ]?[-+−]?\d+(?:[.,:/]\d+)*)*"  # ranges and dates: 1990–1995, 2015-07-26
    r"(?:(?:st|nd|rd|th)(?![A-Za-z])"
    r"|'?s(?![A-Za-z])"
    r"|[ ]?[AaPp]\.?[Mm]\.?(?![A-Za-z])"
    r"|[ ]?(?:%|‰|°[CFK]?|℃|℉)"
    r"|[€£$¥]"
    r"|[ ]?(?:" + "|".join(re.escape(u) for u in _UNITS) + r")(?![A-Za-z0-9])"
    r")?"
)
_SIGNS = frozenset("-+−±")
_CURRENCIES = frozenset("$€£¥₹")
_CURRENCY_PREFIXES = ("US", "NZ", "HK", "A", "C")
_NUMBER_BLOCKERS = frozenset(".,-+−") | _CURRENCIES


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _trim_url(text: str, s: int, e: int) -> int:
    """End of the URL ``text[s:e]`` without trailing punctuation or unbalanced closing brackets."""
    counts: dict[str, list[int]] = {}
    while e > s:
        c = text[e - 1]
        if c in _URL_TRAIL:
            e -= 1
            continue
        if c in _BRACKETS:
            if c not in counts:
                seg = text[s:e]
                counts[c] = [seg.count(_BRACKETS[c]), seg.count(c)]
            opens, closes = counts[c]
            if opens < closes:
                counts[c][1] -= 1
                e -= 1
                continue
        break
    return e


def _url_spans(text: str) -> Iterator[_Pair]:
    """``scheme://…``, ``www.…`` and bare ``domain.tld/path`` URLs, trailing punctuation excluded."""
    raw: list[_Pair] = []
    pos = text.find("://")
    while pos >= 0:
        head = text[max(0, pos - 5) : pos].lower()
        for scheme in ("https", "http", "ftp"):
            if head.endswith(scheme):
                s = pos - len(scheme)
                tail = _URL_TAIL_RE.match(text, pos + 3)
                if tail and (s == 0 or not _is_word_char(text[s - 1])):
                    raw.append((s, tail.end()))
                break
        pos = text.find("://", pos + 3)
    for www in ("www.", "WWW."):
        pos = text.find(www)
        while pos >= 0:
            if (pos == 0 or not _is_word_char(text[pos - 1])) and _WWW_AHEAD_RE.match(text, pos + 4):
                tail = _URL_TAIL_RE.match(text, pos)
                if tail:
                    raw.append((pos, tail.end()))
            pos = text.find(www, pos + 4)
    if "/" in text:
        done = 0
        for m in _TLD_SLASH_RE.finditer(text):
            if m.start() < done:
                continue
            s = m.start()
            floor = max(0, s - _MAX_DOMAIN)
            while s > floor and text[s - 1] in _DOMAIN_CHARS:
                s -= 1
            if s > 0 and (s == floor or _is_word_char(text[s - 1]) or text[s - 1] in "@./-"):
                continue
            bare = _BARE_URL_RE.match(text, s)
            if bare:
                raw.append((s, bare.end()))
                done = bare.end()
    for s, e in raw:
        e = _trim_url(text, s, e)
        if e - s > 4:
            yield s, e


def _email_spans(text: str) -> Iterator[_Pair]:
    pos = text.find("@")
    while pos >= 0:
        s = pos
        floor = max(0, pos - 64)
        while s > floor and (_is_word_char(text[s - 1]) or text[s - 1] in _EMAIL_LOCAL_EXTRA):
            s -= 1
        ok = s < pos and not (s > 0 and (_is_word_char(text[s - 1]) or text[s - 1] in _EMAIL_LOCAL_EXTRA))
        domain = _EMAIL_DOMAIN_RE.match(text, pos + 1) if ok else None
        if domain:
            yield s, domain.end()
            pos = text.find("@", domain.end())
        else:
            pos = text.find("@", pos + 1)


def _number_spans(text: str) -> Iterator[_Pair]:
    """Numbers with sign, currency, separators, ranges, dates, times, ordinals and units."""
    for m in _NUMBER_BODY_RE.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] in _SIGNS:
            start -= 1
        j = start
        if j > 0 and text[j - 1] in _CURRENCIES:
            j -= 1
        elif j > 1 and text[j - 1] == " " and text[j - 2] in _CURRENCIES:
            j -= 2
        if j < start:
            for prefix in _CURRENCY_PREFIXES:
                if text.startswith(prefix, j - len(prefix)) and j >= len(prefix):
                    j -= len(prefix)
                    break
            start = j
        if start > 0:
            before = text[start - 1]
            if _is_word_char(before) or before in _NUMBER_BLOCKERS:
                continue
        yield start, m.end()


# --------------------------------------------------------------------------------------------------
# math
# --------------------------------------------------------------------------------------------------

_DISPLAY_DOLLAR_RE = re.compile(r"\$\$(?<!\\\$\$)[^$]+\$\$")
_INLINE_DOLLAR_RE = re.compile(r"\$(?<![\\$]\$)(?=[^\s$])[^$\n]*?[^\s$\\]\$(?![\d$])")
_ENV_RE = re.compile(r"\\(begin|end)\{([A-Za-z*]{1,40})\}")
_LATEX_CMD_RE = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\[\]\n]{0,200}\])?(?:\{(?:[^{}\n]|\{[^{}\n]*\})*\})*")
_MAX_ENV_DEPTH = 64


def _find_pairs(text: str, opener: str, closer: str) -> Iterator[_Pair]:
    """Non-nested ``opener ... closer`` pairs, by a forward scan (an unclosed opener ends the scan)."""
    pos = 0
    while True:
        s = text.find(opener, pos)
        if s < 0:
            return
        e = text.find(closer, s + len(opener))
        if e < 0:
            return
        pos = e + len(closer)
        yield s, pos


def _env_spans(text: str) -> Iterator[_Pair]:
    """``\\begin{x} ... \\end{x}`` environments, nesting-aware, unclosed ones ignored."""
    stack: list[tuple[str, int]] = []
    for m in _ENV_RE.finditer(text):
        name = m.group(2)
        if m.group(1) == "begin":
            stack.append((name, m.start()))
            continue
        for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - _MAX_ENV_DEPTH), -1):
            if stack[depth][0] == name:
                start = stack[depth][1]
                del stack[depth:]
                yield start, m.end()
                break


def _math_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_display)`` for every math span."""
    out: list[tuple[int, int, bool]] = []
    if "$" in text:
        out.extend((*m.span(), True) for m in _DISPLAY_DOLLAR_RE.finditer(text))
        out.extend((*m.span(), False) for m in _INLINE_DOLLAR_RE.finditer(text))
    if "\\" in text:
        out.extend((s, e, False) for s, e in _find_pairs(text, "\\(", "\\)"))
        out.extend((s, e, True) for s, e in _find_pairs(text, "\\[", "\\]"))
        out.extend((s, e, True) for s, e in _env_spans(text))
        out.extend((*m.span(), False) for m in _LATEX_CMD_RE.finditer(text))
    return out


# --------------------------------------------------------------------------------------------------
# speaker labels and markdown
# --------------------------------------------------------------------------------------------------

# Line-anchored patterns start with a literal "\n" and run over "\n" + text (fast literal-prefix search);
# group 1 is the protected part.
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]{0,30}"
_SPEAKER_RE = re.compile(
    r"\n([ \t]*(?:"
    r"\[[^\[\]\n]{1,40}\](?:[ ]?:)?"
    r"|(?i:user|assistant|system|human|ai|bot|customer|agent|interviewer|interviewee|q|a)[ ]?:"
    r"|" + _CAP_WORD + r"(?:[ ](?:" + _CAP_WORD + r"|\d{1,3}|de|van|von|da|del|la|le|al|bin))"
    r"{0,3}[ ]?:"
    r"))(?=[ \t\r\n]|\Z)"
)
_EOL = r"[ \t\r]*(?=\n|\Z)"
_MD_LINE_RES = (
    re.compile(r"\n([ ]{0,3}#{1,6})(?=[ \t\r\n]|\Z)"),  # heading marker
    re.compile(r"\n([ ]{0,3}={3,}" + _EOL + ")"),  # setext underline
    re.compile(r"\n([ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})" + _EOL + ")"),  # rule
    re.compile(r"\n([ \t]*(?:[-*+•]|\d{1,9}[.)]))(?=[ \t])"),  # list marker
    re.compile(r"\n([ ]{0,3}>(?:[ \t]?>)*)"),  # blockquote marker
    re.compile(r"\n([ \t]*\|[^\n]*\|" + _EOL + ")"),  # table row
    re.compile(r"\n([ ]{0,3}\[[^\[\]\n]{1,200}\]:[ \t]+\S[^\n]*)"),  # link reference definition
)
_MD_INLINE_RES = (
    re.compile(r"\*\*+|__+|~~+"),  # emphasis markers
    re.compile(r"</?[A-Za-z][\w:.\-]*(?:[\s/][^<>]*)?>|<![A-Za-z][^<>]*>"),  # HTML tags
)
_MD_LINK_RE = re.compile(
    r"(!?\[)[^\[\]\n]{0,1000}"
    r"(\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?\))"
)


def _line_spans(nl_text: str, rx: re.Pattern[str]) -> Iterator[_Pair]:
    """Group-1 spans of ``rx`` over ``"\\n" + text``, in ``text`` coordinates."""
    for m in rx.finditer(nl_text):
        s, e = m.span(1)
        if e > s:
            yield s - 1, e - 1


def _markdown_spans(text: str, nl_text: str) -> Iterator[_Pair]:
    for rx in _MD_LINE_RES:
        yield from _line_spans(nl_text, rx)
    for rx in _MD_INLINE_RES:
        for m in rx.finditer(text):
            yield m.span()
    if "<!--" in text:
        yield from _find_pairs(text, "<!--", "-->")
    if "](" in text:
        for m in _MD_LINK_RE.finditer(text):
            yield m.span(1)
            yield m.span(2)


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------


def _check_kinds(kinds: Collection[str]) -> frozenset[str]:
    wanted = frozenset(kinds)
    unknown = wanted - set(PROTECT_KINDS)
    if unknown:
        raise ValueError(
            f"Unknown protect kind(s) {sorted(unknown)}; expected a subset of {list(PROTECT_KINDS)}."
        )
    return wanted


def _raw_spans(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    if "code_block" in wanted:
        out.extend((s, e, "code_block") for s, e in _code_blocks(text))
    if "inline_code" in wanted and "`" in text:
        out.extend((*m.span(), "inline_code") for m in _INLINE_CODE_RE.finditer(text))
    if "math" in wanted:
        out.extend((s, e, "math") for s, e, _ in _math_spans(text))
    if "url" in wanted:
        out.extend((s, e, "url") for s, e in _url_spans(text))
    if "email" in wanted and "@" in text:
        out.extend((s, e, "email") for s, e in _email_spans(text))
    nl_text = "\n" + text if wanted & {"speaker_label", "markdown"} else ""
    if "speaker_label" in wanted:
        out.extend((s, e, "speaker_label") for s, e in _line_spans(nl_text, _SPEAKER_RE))
    if "markdown" in wanted:
        out.extend((s, e, "markdown") for s, e in _markdown_spans(text, nl_text))
    if "number" in wanted:
        out.extend((s, e, "number") for s, e in _number_spans(text))
    return out


def _merge_raw(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort and merge overlapping or touching ``(start, end, kind)`` triples (first/outermost kind wins)."""
    spans = [sp for sp in spans if sp[1] > sp[0]]
    spans.sort(key=lambda sp: (sp[0], -sp[1]))
    out: list[tuple[int, int, str]] = []
    for s, e, k in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e, out[-1][2])
        else:
            out.append((s, e, k))
    return out


def find_protected_spans(text: str, kinds: Collection[str] = PROTECT_KINDS) -> list[Span]:
    """Sorted, merged, non-overlapping spans of ``text`` that must stay byte-exact.

    ``"entity"`` and ``"quote"`` are accepted but ignored (their spans come from the parser).
    Raises ``ValueError`` for a kind not in :data:`PROTECT_KINDS`.
    """
    wanted = _check_kinds(kinds) - _EXTERNAL_KINDS
    if not text or not wanted:
        return []
    return [Span(s, e, k) for s, e, k in _merge_raw(_raw_spans(text, wanted))]


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and merge overlapping or adjacent ones, keeping the kind of the first (outermost)."""
    merged = _merge_raw([(sp.start, sp.end, sp.kind) for sp in spans])
    return [Span(s, e, k) for s, e, k in merged]


def mask_tokens(token_offsets: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[bool]:
    """For each ``(start, end)`` token, whether it overlaps a span (an empty token: lies inside one).

    O(n log m) for n tokens and m spans; ``spans`` need not be sorted or merged.
    """
    merged = _merge_raw([(sp.start, sp.end, sp.kind) for sp in spans])
    starts = [sp[0] for sp in merged]
    ends = [sp[1] for sp in merged]
    out: list[bool] = []
    for ts, te in token_offsets:
        # the last span starting before the token's end (an empty token: at or before its position)
        k = bisect.bisect_left(starts, te) - 1 if te > ts else bisect.bisect_right(starts, ts) - 1
        out.append(k >= 0 and ends[k] > ts)
    return out


_PARA_SEP_RE = re.compile(r"\n[ \t\r]*\n(?:[ \t\r]*\n)*")
_SENT_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def _on_own_lines(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` has only spaces/tabs between it and the surrounding line breaks."""
    k = s - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k >= 0 and text[k] != "\n":
        return False
    k, n = e, len(text)
    while k < n and text[k] in " \t\r":
        k += 1
    return k == n or text[k] == "\n"


def _cut_point(text: str, p: int, limit: int) -> int:
    """Where to end a chunk starting at ``p``: a sentence end, else whitespace, else ``limit``."""
    half = p + (limit - p) // 2
    for lo in (half, p + 1):
        last = -1
        for m in _SENT_END_RE.finditer(text, lo, limit):
            last = m.end()
        if last > p:
            return last
        ws = max(text.rfind(" ", lo, limit), text.rfind("\n", lo, limit), text.rfind("\t", lo, limit))
        if ws >= p:
            return ws + 1
    return limit


def _split_prose(text: str, a: int, b: int, max_chars: int, out: list[tuple[int, int, bool]]) -> None:
    """Append paragraph pieces of ``text[a:b]``, each at most ``max_chars`` long."""
    bounds: list[_Pair] = []
    cur = a
    for m in _PARA_SEP_RE.finditer(text, a, b):
        bounds.append((cur, m.end()))
        cur = m.end()
    if cur < b:
        bounds.append((cur, b))
    for p, q in bounds:
        while q - p > max_chars:
            cut = _cut_point(text, p, p + max_chars)
            out.append((p, cut, False))
            p = cut
        if q > p:
            out.append((p, q, False))


def split_blocks(
    text: str, kinds: Collection[str] = PROTECT_KINDS, *, max_chars: int = DEFAULT_MAX_CHARS
) -> list[tuple[int, int, bool]]:
    """Partition ``text`` into consecutive ``(start, end, is_protected_block)`` pieces.

    Protected blocks are code blocks (when ``"code_block"`` is in ``kinds``) and display math standing on
    its own lines (``$$…$$``, ``\\[…\\]``, ``\\begin…\\end``; when ``"math"`` is in ``kinds``). Other text
    is cut at blank lines (the blank lines end the preceding piece) and into pieces of at most
    ``max_chars``, at a sentence end or whitespace where possible. The pieces always cover ``text``.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be a positive number of characters, got {max_chars}.")
    wanted = _check_kinds(kinds)
    blocks: list[tuple[int, int, str]] = []
    if "code_block" in wanted:
        blocks.extend((s, e, "code_block") for s, e in _code_blocks(text))
    if "math" in wanted:
        blocks.extend(
            (s, e, "math") for s, e, display in _math_spans(text) if display and _on_own_lines(text, s, e)
        )
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    for s, e, _ in _merge_raw(blocks):
        if s > pos:
            _split_prose(text, pos, s, max_chars, pieces)
        pieces.append((s, e, True))
        pos = e
    if pos < len(text):
        _split_prose(text, pos, len(text), max_chars, pieces)
    return pieces
