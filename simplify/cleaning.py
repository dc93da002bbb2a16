"""Clean raw text (markup, boilerplate, control characters, mojibake, repeated punctuation, whitespace).

Every change is recorded as a :class:`Replacement` relative to the ORIGINAL text, so edits can be shown to
users and positions in the cleaned text mapped back (:meth:`CleanResult.to_original`). Protected spans
(passed by the caller, plus code blocks, inline code, math and URLs found here) are never changed.

The operations run as six passes over the text (mojibake; control characters; markup; entities and
punctuation; boilerplate lines; whitespace), because later ones depend on earlier ones (a removed tag
leaves double spaces). Each pass collects candidate replacements with precompiled, linear-time regexes,
drops those that touch protected spans, resolves overlaps (earlier start wins, then the longer one), and
its replacements are composed with those of the previous passes, so the final list is relative to the
original.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .protect import Span, _find_pairs, find_protected_spans

logger = logging.getLogger(__name__)

CLEAN_OPERATIONS: tuple[str, ...] = (
    "markup",
    "boilerplate",
    "control",
    "encoding",
    "repeated_punct",
    "whitespace",
)

# (start, end, new text, reason), relative to the text of one pass.
_Rep = tuple[int, int, str, str]
_Pair = tuple[int, int]


@dataclass(frozen=True)
class Replacement:
    """Replace ``original[start:end]`` by ``text``; ``reason`` is ``"<operation>: <detail>"``."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanResult:
    """The cleaned ``text``, the ``original``, and the sorted, non-overlapping ``replacements`` between."""

    text: str
    original: str
    replacements: tuple[Replacement, ...]
    _out_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts: list[int] = []
        delta = 0
        for r in self.replacements:
            starts.append(r.start + delta)
            delta += len(r.text) - (r.end - r.start)
        object.__setattr__(self, "_out_starts", tuple(starts))

    @property
    def changed(self) -> bool:
        """Whether cleaning changed anything."""
        return bool(self.replacements)

    def to_original(self, pos: int) -> int:
        """Map a position in the cleaned text (``0 <= pos <= len(text)``) back to the original.

        Positions inside a replacement's new text map into (and are clamped to) the replaced original span;
        the mapping is monotonic (non-decreasing).
        """
        if not 0 <= pos <= len(self.text):
            raise ValueError(f"position {pos} is outside the cleaned text (length {len(self.text)}).")
        k = bisect.bisect_right(self._out_starts, pos) - 1
        if k < 0:
            return pos
        r = self.replacements[k]
        out_start = self._out_starts[k]
        out_end = out_start + len(r.text)
        if pos < out_end:
            return min(r.start + (pos - out_start), r.end)
        return r.end + (pos - out_end)


# --------------------------------------------------------------------------------------------------
# control characters
# --------------------------------------------------------------------------------------------------

_CC_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_ZW_CLASS = "\u200b-\u200d\u2060\ufeff"
_SUR_CLASS = "\ud800-\udfff"
_CONTROL_RUN_RE = re.compile(rf"[\r{_CC_CLASS}{_ZW_CLASS}{_SUR_CLASS}]+")
_CONTROL_RE = re.compile(
    rf"(?P<cr>(?:\r\n?)+)|(?P<cc>[{_CC_CLASS}]+)|(?P<zw>[{_ZW_CLASS}]+)|(?P<sur>[{_SUR_CLASS}]+)"
)
_REMOVABLE_RE = re.compile(rf"[{_CC_CLASS}{_ZW_CLASS}{_SUR_CLASS}\r]")


def _codepoints(run: str) -> str:
    seen = list(dict.fromkeys(run))
    listed = ", ".join(f"U+{ord(c):04X}" for c in seen[:3])
    return listed + (", …" if len(seen) > 3 else "")


def _control(text: str) -> Iterator[_Rep]:
    for run in _CONTROL_RUN_RE.finditer(text):  # fast scan; classify inside the (rare) runs
        yield from _control_run(text, run.start(), run.end() + (text[run.end() : run.end() + 1] == "\n"))


def _control_run(text: str, start: int, end: int) -> Iterator[_Rep]:
    for m in _CONTROL_RE.finditer(text, start, end):
        run = m.group()
        kind = m.lastgroup
        if kind == "cr":
            label = "CRLF → LF" if "\r\n" in run else "CR → LF"
            yield m.start(), m.end(), "\n" * (len(run) - run.count("\n")), f"control: {label}"
        elif kind == "cc":
            yield m.start(), m.end(), "", f"control: {_codepoints(run)}"
        elif kind == "zw":
            yield m.start(), m.end(), "", f"control: zero-width {_codepoints(run)}"
        else:
            yield m.start(), m.end(), "", f"control: lone surrogate {_codepoints(run)}"


# --------------------------------------------------------------------------------------------------
# encoding: mojibake and HTML entities
# --------------------------------------------------------------------------------------------------

# cp1252 characters for the bytes 0x80-0x9F, mapped back to the C1 code points latin-1 would give.
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_TO_LATIN1 = str.maketrans(
    {
        bytes([b]).decode("cp1252"): chr(b)
        for b in range(0x80, 0xA0)
        if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)
_CONT = f"[\x80-\xbf{_CP1252_SPECIALS}]"
_SEQ = rf"[\xc2-\xdf]{_CONT}|[\xe0-\xef]{_CONT}{{2}}|[\xf0-\xf4]{_CONT}{{3}}"
_SEQ_RE = re.compile(_SEQ)
_MOJIBAKE_RUN_RE = re.compile(rf"(?:{_SEQ})+")
_MOJIBAKE_LEAD_RE = re.compile(rf"[\xc2-\xf4](?={_CONT})")
_MOJIBAKE_TABLE = {
    "â€™": "’",
    "â€˜": "‘",
    "â€œ": "“",
    "â€\x9d": "”",
    "â€”": "—",
    "â€“": "–",
    'â€"': "—",
    "â€¦": "…",
    "â€¢": "•",
    "Â\xa0": " ",
    "Â ": " ",
    "â€": "”",  # the 0x9D of ” is undefined in cp1252 and often lost
}
_MOJIBAKE_TABLE_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_MOJIBAKE_TABLE, key=len, reverse=True) if k != "â€")
    + rf"|â€(?!{_CONT})"
)
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_NBSP = "\xa0"


def _decode_mojibake(run: str) -> str | None:
    """The text ``run`` was before being decoded as cp1252/latin-1 (up to three layers), or None."""
    fixed = run
    for _ in range(3):
        try:
            fixed = fixed.translate(_TO_LATIN1).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
        if not _MOJIBAKE_RUN_RE.fullmatch(fixed):
            break
    return None if fixed == run else fixed


def _mojibake(text: str, strip_controls: bool) -> Iterator[_Rep]:
    if "â€" in text or "Â" in text:
        for m in _MOJIBAKE_TABLE_RE.finditer(text):
            yield m.start(), m.end(), _MOJIBAKE_TABLE.get(m.group(), "”"), "encoding: mojibake"
    pos = 0
    while True:
        lead = _MOJIBAKE_LEAD_RE.search(text, pos)  # fast scan for a lead byte followed by a continuation
        if lead is None:
            return
        m = _MOJIBAKE_RUN_RE.match(text, lead.start())
        if m is None:
            pos = lead.start() + 1
            continue
        pos = m.end()
        whole = _decode_mojibake(m.group())
        parts = (
            [(m.start(), m.end(), whole)]
            if whole is not None
            else [
                (m.start() + q.start(), m.start() + q.end(), fixed)
                for q in _SEQ_RE.finditer(m.group())
                if (fixed := _decode_mojibake(q.group())) is not None
            ]
        )
        for s, e, fixed in parts:
            fixed = fixed.replace(_NBSP, " ")
            if strip_controls:
                fixed = _REMOVABLE_RE.sub("", fixed)
            yield s, e, fixed, "encoding: mojibake"


def _entities(text: str) -> Iterator[_Rep]:
    if "&" not in text:
        return
    for m in _ENTITY_RE.finditer(text):
        ent = m.group()
        char = html.unescape(ent)
        if char == ent:
            continue  # not a known entity
        char = char.replace(_NBSP, " ")
        char = _REMOVABLE_RE.sub("", char)
        yield m.start(), m.end(), char, f"encoding: HTML entity {ent}"


# --------------------------------------------------------------------------------------------------
# markup
# --------------------------------------------------------------------------------------------------

_KNOWN_TAG_LIST = (
    "a abbr address area article aside audio b base bdi bdo big blink blockquote body br button caption "
    "center cite code col colgroup data dd del details dfn dialog div dl dt em embed fieldset figcaption "
    "figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img "
    "input ins kbd label legend li link main map mark marquee menu meta meter nav nobr noscript object "
    "ol optgroup option output p param picture pre progress q rp rt ruby s samp script section select "
    "small source span strike strong style sub summary sup svg path g table tbody td template textarea "
    "tfoot th thead time title tr track tt u ul var video wbr ref references nowiki gallery onlyinclude "
    "includeonly noinclude poem syntaxhighlight"
)
_KNOWN_TAGS = frozenset(_KNOWN_TAG_LIST.split(" "))
_BLOCK_TAG_LIST = (
    "br p div li ul ol tr table h1 h2 h3 h4 h5 h6 blockquote hr pre section article header footer dl dt dd "
    "tbody thead tfoot caption figure figcaption nav aside main"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_LIST.split(" "))
_CELL_TAGS = frozenset(("td", "th"))
_TAG_REASONS: dict[str, str] = {}  # reason strings, built once per tag name
_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][\w:.\-]*)"
    r"((?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*)\s*/?>"
)
_DECL_RE = re.compile(r"<![A-Za-z][^<>]*>|<\?[A-Za-z][^<>]*\?>")
_ELEMENT_OPEN_RE = re.compile(r"<(script|style|ref|noscript)\b[^<>]*>", re.IGNORECASE)
_ELEMENT_CLOSE_RE = re.compile(r"</(script|style|ref|noscript)\s*>", re.IGNORECASE)
_EDIT_RE = re.compile(r"\[\s*edit(?:\s+source)?\s*\]", re.IGNORECASE)
_TEMPLATE_RE = re.compile(r"\{\{(?:[^{}]|\{\{[^{}]*\}\})*\}\}")
_WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]{1,500})\]\]")
_WIKI_DROP_NS = ("file:", "image:", "category:", "media:")


def _elements(text: str) -> Iterator[tuple[int, int, str]]:
    """``<script>``/``<style>``/``<ref>``/``<noscript>`` elements with their content."""
    closers: dict[str, list[_Pair]] = {}
    for m in _ELEMENT_CLOSE_RE.finditer(text):
        closers.setdefault(m.group(1).lower(), []).append(m.span())
    covered = 0
    for m in _ELEMENT_OPEN_RE.finditer(text):
        if m.start() < covered or m.group().endswith("/>"):
            continue
        name = m.group(1).lower()
        spans = closers.get(name, [])
        k = bisect.bisect_left(spans, (m.end(), -1))
        if k < len(spans):
            covered = spans[k][1]
            yield m.start(), covered, name


def _markup(text: str) -> Iterator[_Rep]:
    if "<" in text:
        for s, e in _find_pairs(text, "<!--", "-->"):
            yield s, e, "", "markup: HTML comment"
        for s, e, name in _elements(text):
            yield s, e, "", f"markup: <{name}> element"
        for m in _DECL_RE.finditer(text):
            yield m.start(), m.end(), "", "markup: declaration"
        for m in _TAG_RE.finditer(text):
            closing, name, attrs = m.groups()
            low = name.lower()
            if low not in _KNOWN_TAGS and not closing and "=" not in attrs and ":" not in name:
                continue  # "<username>" placeholders stay
            new = "\n" if low in _BLOCK_TAGS else " " if low in _CELL_TAGS else ""
            reason = _TAG_REASONS.get(low)
            if reason is None:
                reason = _TAG_REASONS.setdefault(
                    low if len(_TAG_REASONS) < 4096 else "", f"markup: <{low}> tag"
                )
            yield m.start(), m.end(), new, reason
    if "[" in text:
        for m in _EDIT_RE.finditer(text):
            yield m.start(), m.end(), "", "markup: [edit] marker"
        for m in _WIKILINK_RE.finditer(text):
            inner = m.group(1)
            if inner.lower().lstrip(": ").startswith(_WIKI_DROP_NS):
                yield m.start(), m.end(), "", "markup: wiki file/category link"
                continue
            target, _, label = inner.rpartition("|")
            shown = label if target else inner
            shown = _TAG_RE.sub("", shown) or target.split("|")[0]
            yield m.start(), m.end(), shown, "markup: wiki link"
    if "{{" in text:
        for m in _TEMPLATE_RE.finditer(text):
            yield m.start(), m.end(), "", "markup: wiki template"


def _markup_containers(candidates: Iterable[_Rep]) -> list[_Pair]:
    """Spans that markup cleaning removes wholesale (to blank out before looking for code and URLs)."""
    return _merge_pairs((s, e) for s, e, new, _ in candidates if not new.strip())


# --------------------------------------------------------------------------------------------------
# repeated punctuation
# --------------------------------------------------------------------------------------------------

_PUNCT_RE = re.compile(r"[!?][!?]+|\.\.\.\.+|……+|,,+|;;+|----+")


def _repeated_punct(text: str) -> Iterator[_Rep]:
    for m in _PUNCT_RE.finditer(text):
        run = m.group()
        s, e = m.span()
        c = run[0]
        if c in "!?":
            new = "?" if "?" in run else "!"
        elif c == ".":
            new = "..."
        elif c == "-":
            # only a dash run between words ("word----word", "word ---- word"), never a markdown rule
            if s > 0 and text[s - 1] in " \t":
                s -= 1
            if e < len(text) and text[e] in " \t":
                e += 1
            if not (s > 0 and _is_word_char(text[s - 1]) and e < len(text) and _is_word_char(text[e])):
                continue
            new = "—"
        else:
            new = c
        yield s, e, new, f"repeated_punct: {text[s:e][:12]!r} → {new!r}"


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


# --------------------------------------------------------------------------------------------------
# boilerplate lines
# --------------------------------------------------------------------------------------------------

_SOCIAL_NAMES = (
    "facebook",
    "twitter",
    "linkedin",
    "pinterest",
    "instagram",
    "reddit",
    "email",
    "e-mail",
    "whatsapp",
    "tumblr",
    "youtube",
    "tiktok",
    "telegram",
    "print",
    "pocket",
    "flipboard",
    "google",
    "share",
    "tweet",
    "x",
)
_SOCIAL = "(?:" + "|".join(re.escape(w) for w in _SOCIAL_NAMES) + r")\+?"
_BOILERPLATE_PATTERNS = {
    "share": r"share(?:\s+(?:this|on|via|it)\b[^\n]{0,80}|\s*:|\W{0,3})",
    "click_here": r"click here\b[^\n]{0,150}",
    "posted_by": r"posted (?:by|on|in)\b[^\n]{1,150}",
    "archive": r"(?:tag|category|author|date|daily|monthly|yearly) archives?\b[^\n]{0,100}",
    "filed_under": r"filed under\b[^\n]{0,150}",
    "rights": r"[^\n]{0,150}\ball rights reserved\b[^\n]{0,60}",
    "copyright": r"(?:copyright\s*)?(?:©|\(c\)|&copy;)[^\n]{0,150}|copyright\s+(?:\d{4}|©)[^\n]{0,150}",
    "cookies": r"[^\n]{0,250}\bcookies?\b[^\n]{0,250}",
    "read_more": r"(?:read more|continue reading|read the full (?:story|article))"
    r"(?:\W{0,6}|\s+(?:at|on|about|here)\b[^\n]{0,80})",
    "subscribe": r"subscribe(?:\s+(?:now|today|here|for free)|\s+to\s+(?:our|the|my)\b[^\n]{0,60})?\W{0,6}",
    "newsletter": r"(?:sign up|subscribe|register) (?:for|to) (?:our|the) (?:free )?(?:e-?mail )?"
    r"newsletter\b[^\n]{0,100}",
    "advertisement": r"(?:advertisements?|sponsored(?: content| links?| posts?)?)\W{0,3}",
    "skip_link": r"(?:skip to (?:main )?(?:content|navigation|main|search)"
    r"|jump to (?:navigation|search|content))\W{0,3}",
    "social_links": rf"(?:{_SOCIAL}[ \t]*[|•·,/]?[ \t]*){{2,}}",
    "prev_next": r"(?:«|‹|←|<)?\s*(?:previous|next|older|newer) (?:post|article|story|entry|page)s?\b"
    r"[^\n]{0,100}"
    r"|(?:«|‹|←)\s*(?:previous|older)\W*|(?:next|newer)\s*(?:»|›|→)",
    "comments": r"leave a (?:reply|comment)\W{0,3}|\d+ comments?\W{0,3}|no comments(?: yet)?\W{0,3}",
    "related": r"(?:related (?:posts|articles|stories)|you (?:may|might) also like|like this)\s*:?",
    "back_to_top": r"(?:back|return) to top\W{0,4}",
    "print": r"print(?:er-friendly version| this (?:page|article|post))\W{0,3}",
}
_BOILERPLATE_RE = re.compile(
    r"[ \t]*(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _BOILERPLATE_PATTERNS.items()) + r")[ \t\r]*",
    re.IGNORECASE,
)
_COOKIE_CONFIRM_RE = re.compile(
    r"we use|(?:web)?site uses|uses cookies|accept|consent|cookie (?:policy|settings|preferences)|privacy",
    re.IGNORECASE,
)
_MAX_BOILERPLATE_LINE = 200
_MAX_COOKIE_LINE = 500


_BOILERPLATE_PREFIXES = (
    *"0123456789«‹←<©",
    "share",
    "click",
    "posted",
    "tag",
    "category",
    "author",
    "date",
    "daily",
    "monthly",
    "yearly",
    "filed",
    "copyright",
    "(c)",
    "&copy;",
    "read",
    "continue",
    "subscribe",
    "sign",
    "register",
    "advertisement",
    "sponsored",
    "skip",
    "jump",
    "previous",
    "next",
    "older",
    "newer",
    "leave",
    "no",
    "related",
    "you",
    "like",
    "back",
    "return",
    "print",
    *_SOCIAL_NAMES,
)


def _maybe_boilerplate(line: str) -> bool:
    """Cheap pre-check before the full boilerplate match."""
    head = line.lstrip()[:16].lower()
    return head.startswith(_BOILERPLATE_PREFIXES) or any(
        w in line for w in ("eserved", "ESERVED", "ookie", "OOKIE")
    )


def _boilerplate(text: str) -> Iterator[_Rep]:
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if 0 < n <= _MAX_COOKIE_LINE and _maybe_boilerplate(line):
            m = _BOILERPLATE_RE.fullmatch(line)
            if m is not None:
                name = m.lastgroup or "line"
                ok = (
                    _COOKIE_CONFIRM_RE.search(line) is not None
                    if name == "cookies"
                    else n <= _MAX_BOILERPLATE_LINE
                )
                if ok:
                    yield pos, min(pos + n + 1, len(text)), "", f"boilerplate: {name.replace('_', ' ')} line"
        pos += n + 1


# --------------------------------------------------------------------------------------------------
# whitespace
# --------------------------------------------------------------------------------------------------

_HSPACE = "[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]"
_HSPACE_CHARS = frozenset(
    " \t\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_BLANK_LINES_RE = re.compile(rf"\n(?:{_HSPACE}*\n){{2,}}")
_LINE_SPACE_RE = re.compile(rf"(?P<trail>{_HSPACE}+(?=\r?\Z))|(?P<run>{_HSPACE}{{2,}})")
_NON_ASCII_SPACE_RE = re.compile(r"[\xa0\u2000-\u200a\u202f\u205f\u3000]")


def _whitespace(text: str) -> Iterator[_Rep]:
    blanks = [m.span() for m in _BLANK_LINES_RE.finditer(text)]
    for s, e in blanks:
        yield s, e, "\n\n", "whitespace: blank lines"
    blanks.append((len(text) + 1, len(text) + 1))
    k = 0
    pos = 0
    for line in text.split("\n"):  # lines are checked cheaply; only suspicious ones get the regex
        n = len(line)
        while blanks[k][1] <= pos:
            k += 1
        if (
            n
            and pos + n <= blanks[k][0]
            and (
                line[-1] in _HSPACE_CHARS
                or line[-1] == "\r"
                or "  " in line
                or "\t" in line
                or (not line.isascii() and _NON_ASCII_SPACE_RE.search(line))
            )
        ):
            for m in _LINE_SPACE_RE.finditer(line):
                if m.lastgroup == "trail":
                    yield pos + m.start(), pos + m.end(), "", "whitespace: trailing spaces"
                elif m.start() > 0:  # leading indentation is structure: kept
                    yield pos + m.start(), pos + m.end(), " ", "whitespace: repeated spaces"
        pos += n + 1


# --------------------------------------------------------------------------------------------------
# passes, selection and composition
# --------------------------------------------------------------------------------------------------


def _merge_pairs(spans: Iterable[_Pair]) -> list[_Pair]:
    out: list[_Pair] = []
    for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _join_reasons(reasons: Sequence[str], limit: int = 6) -> str:
    if len(reasons) == 1:
        return reasons[0]
    seen = list(dict.fromkeys(part for r in reasons for part in r.split("; ")))
    return "; ".join(seen[:limit]) + ("; …" if len(seen) > limit else "")


def _select(text: str, candidates: list[_Rep], protected: list[_Pair]) -> list[_Rep]:
    """Non-overlapping, non-protected, effective candidates (earlier start wins, then longer), with
    touching replacements merged into one."""
    candidates.sort(key=lambda r: (r[0], r[0] - r[1]))
    p_starts = [p[0] for p in protected]
    p_ends = [p[1] for p in protected]
    groups: list[list] = []  # [start, end, [texts], [reasons]]
    last = 0
    for s, e, new, reason in candidates:
        if s < last or e <= s:
            continue
        k = bisect.bisect_right(p_ends, s)
        if k < len(p_starts) and p_starts[k] < e:
            continue
        if text[s:e] == new:
            continue
        if groups and groups[-1][1] == s:
            groups[-1][1] = e
            groups[-1][2].append(new)
            groups[-1][3].append(reason)
        else:
            groups.append([s, e, [new], [reason]])
        last = e
    return [(s, e, "".join(parts), _join_reasons(reasons)) for s, e, parts, reasons in groups]


def _apply(text: str, reps: Sequence[_Rep]) -> str:
    parts: list[str] = []
    pos = 0
    for s, e, new, _ in reps:
        parts.append(text[pos:s])
        parts.append(new)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _shift(spans: list[_Pair], reps: Sequence[_Rep]) -> list[_Pair]:
    """Positions of ``spans`` after ``reps`` (which never overlap them) are applied."""
    out: list[_Pair] = []
    j = 0
    delta = 0
    n = len(reps)
    for s, e in spans:
        while j < n and reps[j][1] <= s:
            delta += len(reps[j][2]) - (reps[j][1] - reps[j][0])
            j += 1
        if j < n and reps[j][0] < e:
            continue  # overlapped (only possible for spans a pass was allowed to override)
        out.append((s + delta, e + delta))
    return out


def _compose(acc: list[_Rep], new: list[_Rep], mid: str) -> list[_Rep]:
    """Replacements on the original equal to ``acc`` (original → ``mid``) followed by ``new`` (on mid)."""
    if not acc:
        return new
    if not new:
        return acc
    out_s: list[int] = []
    out_e: list[int] = []
    pref = [0]  # pref[i]: length change made by acc[:i]
    for s, e, t, _ in acc:
        o = s + pref[-1]
        out_s.append(o)
        out_e.append(o + len(t))
        pref.append(pref[-1] + len(t) - (e - s))
    out: list[_Rep] = []
    i = j = 0
    n, m = len(acc), len(new)
    while j < m:
        s2 = new[j][0]
        while i < n and out_e[i] <= s2:
            out.append(acc[i])
            i += 1
        i0 = k = i
        jj = j
        hi = new[j][1]
        while True:
            while k < n and out_s[k] < hi:  # acc outputs overlapping the group (or deleted strictly inside)
                hi = max(hi, out_e[k])
                k += 1
            if jj + 1 < m and new[jj + 1][0] < hi:
                jj += 1
                hi = max(hi, new[jj][1])
                continue
            break
        e2 = new[jj][1]
        lo = min(s2, out_s[i0]) if k > i0 else s2
        orig_s = acc[i0][0] if k > i0 and out_s[i0] <= s2 else s2 - pref[i0]
        orig_e = acc[k - 1][1] if k > i0 and out_e[k - 1] >= e2 else e2 - pref[k]
        parts = [mid[lo:s2]]
        for q in range(j, jj + 1):
            parts.append(new[q][2])
            parts.append(mid[new[q][1] : (new[q + 1][0] if q < jj else hi)])
        reasons = [r[3] for r in acc[i0:k]] + [r[3] for r in new[j : jj + 1]]
        out.append((orig_s, orig_e, "".join(parts), _join_reasons(reasons)))
        i, j = k, jj + 1
    out.extend(acc[i:])
    return out


_NOT_NEWLINE_RE = re.compile(r"[^\n]")


def _masked(text: str, containers: list[_Pair]) -> str:
    """``text`` with each container blanked to spaces (newlines kept), so positions are unchanged."""
    parts: list[str] = []
    pos = 0
    for s, e in containers:
        seg = text[s:e]
        parts += [text[pos:s], " " * len(seg) if "\n" not in seg else _NOT_NEWLINE_RE.sub(" ", seg)]
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _auto_protected(text: str, markup: list[_Rep] | None) -> list[_Pair]:
    """Code blocks, inline code, math and URLs found in ``text`` (never changed by cleaning).

    With markup cleaning on they are found with markup blanked out, so a tag or a ``<script>`` element does
    not make its line look like code and an ``href`` URL does not block removing its tag.
    """
    scan = text
    if markup:
        containers = _markup_containers(markup)
        if containers:
            scan = _masked(text, containers)
    out: list[_Pair] = []
    for sp in find_protected_spans(scan, ("code_block", "inline_code", "math", "url")):
        s, e = sp.start, sp.end
        if scan is not text:  # trim blanked markup at the edges
            while s < e and scan[s] == " " and text[s] != " ":
                s += 1
            while e > s and scan[e - 1] == " " and text[e - 1] != " ":
                e -= 1
        if e > s:
            out.append((s, e))
    return out


def _check_operations(operations: Collection[str]) -> frozenset[str]:
    ops = frozenset(operations)
    unknown = ops - set(CLEAN_OPERATIONS)
    if unknown:
        raise ValueError(
            f"Unknown clean operation(s) {sorted(unknown)}; expected a subset of {list(CLEAN_OPERATIONS)}."
        )
    return ops


def clean_text(
    text: str, operations: Collection[str] = CLEAN_OPERATIONS, protected: Sequence[Span] = ()
) -> CleanResult:
    """Clean ``text`` with the given operations (any of :data:`CLEAN_OPERATIONS`), never touching
    ``protected`` spans nor code blocks, inline code, math and URLs found in ``text``.

    Returns a :class:`CleanResult` whose ``replacements`` are relative to ``text``.
    """
    ops = _check_operations(operations)
    if not ops or not text:
        return CleanResult(text, text, ())
    n = len(text)
    hard = [(max(0, sp.start), min(n, sp.end)) for sp in protected]
    markup = list(_markup(text)) if "markup" in ops else None  # reused by the markup pass when it can be
    hard = _merge_pairs(hard + _auto_protected(text, markup))

    strip = "control" in ops
    passes: list[list[Callable[[str], Iterable[_Rep]]]] = [
        [lambda t: _mojibake(t, strip)] if "encoding" in ops else [],  # before C1 controls are removed
        [_control] if "control" in ops else [],
        [lambda t: markup if t is text and markup is not None else _markup(t)] if "markup" in ops else [],
        [f for op, f in (("encoding", _entities), ("repeated_punct", _repeated_punct)) if op in ops],
        [_boilerplate] if "boilerplate" in ops else [],
        [_whitespace] if "whitespace" in ops else [],
    ]
    cur = text
    acc: list[_Rep] = []
    for finders in passes:
        candidates = [r for f in finders for r in f(cur)]
        if not candidates:
            continue
        reps = _select(cur, candidates, hard)
        if not reps:
            continue
        nxt = _apply(cur, reps)
        acc = _compose(acc, reps, cur)
        hard = _shift(hard, reps)
        cur = nxt
    final = tuple(Replacement(s, e, t, r) for s, e, t, r in acc if text[s:e] != t)
    if final:
        logger.debug("clean_text: %d replacements, %d → %d chars", len(final), n, len(cur))
    return CleanResult(cur, text, final)
