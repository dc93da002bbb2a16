"""Build ``vocab/leaner-2k.tsv``, the controlled vocabulary, from the New General Service List.

The list is made of

* the ``--size`` (2,000) highest-ranked NGSL 1.01 headwords with all their listed forms, plus the
  regular inflections of each headword that NGSL leaves out (from lemminflect: plurals, third person
  singular, past tense, participles, comparatives and superlatives; never derivations);
* every word of the NGSL supplemental list (days, months, number words);
* a hand-written list of closed-class words that a sentence cannot do without (pronouns, determiners,
  prepositions, conjunctions, auxiliaries and modals, negatives, contraction pieces, number words).
  A closed-class word that is already a headword above only adds its missing forms to that row.

Output (UTF-8, ``\\n`` line endings)::

    # leaner-2k: ...
    lemma<TAB>forms<TAB>source<TAB>rank

Rows are sorted by source (ngsl, supplemental, closed) then rank (list order where there is no rank).
This is a maintainer tool; the library reads only the data file. Run from the repository root::

    .venv/bin/python vocab/tools/build_vocab.py
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("build_vocab")

REPO_ROOT = Path(__file__).resolve().parents[2]

HEADER_COMMENT = (
    "# leaner-2k: the controlled English vocabulary (about 2,000 headwords with their inflected forms, "
    "plus days, months, numbers and closed-class words). "
    "Built by vocab/tools/build_vocab.py from NGSL 1.01 (CC BY-SA 4.0); see NOTICE.md."
)
COLUMNS = ("lemma", "forms", "source", "rank")
SOURCE_ORDER = {"ngsl": 0, "supplemental": 1, "closed": 2}

# Closed-class words: lemma followed by its forms (the lemma itself is always added). Straight and
# curly apostrophes both appear, and so do the pieces that tokenisers cut contractions into
# ("do" + "n't", "ca" + "n't", "wo" + "n't", "is" + "n" + "'t", "do" + "nt" for "dont").
CLOSED_CLASS: tuple[tuple[str, str], ...] = (
    # auxiliaries, modals and their negative / contracted pieces
    ("be", "be am is are was were been being isn aren wasn weren ain ai 'm ’m 're ’re 's ’s m s re"),
    ("have", "have has had having haven hasn hadn 've ’ve 'd ’d ve d"),
    ("do", "do does did done doing don doesn didn"),
    ("will", "will won wo 'll ’ll ll"),
    ("would", "would wouldn 'd ’d d"),
    ("shall", "shall shan sha"),
    ("should", "should shouldn"),
    ("can", "can cannot ca"),
    ("could", "could couldn"),
    ("may", "may mayn"),
    ("might", "might mightn"),
    ("must", "must mustn"),
    ("ought", "ought oughtn"),
    ("need", "need needs needed needing needn"),
    ("dare", "dare dares dared daring daren"),
    ("not", "not n't n’t nt t"),
    # contraction pieces as tokens of their own
    ("n't", "n't n’t"),
    ("'s", "'s ’s"),
    ("'re", "'re ’re"),
    ("'ll", "'ll ’ll"),
    ("'ve", "'ve ’ve"),
    ("'d", "'d ’d"),
    ("'m", "'m ’m"),
    # personal, possessive and reflexive pronouns
    ("I", "I me my mine myself"),
    ("you", "you your yours yourself yourselves"),
    ("he", "he him his himself"),
    ("she", "she her hers herself"),
    ("it", "it its itself"),
    ("we", "we us our ours ourselves"),
    ("they", "they them their theirs themselves 'em ’em"),
    ("one", "one ones oneself"),
    # indefinite pronouns and negatives
    ("someone", "someone"),
    ("somebody", "somebody"),
    ("something", "something"),
    ("somewhere", "somewhere"),
    ("anyone", "anyone"),
    ("anybody", "anybody"),
    ("anything", "anything"),
    ("anywhere", "anywhere"),
    ("everyone", "everyone"),
    ("everybody", "everybody"),
    ("everything", "everything"),
    ("everywhere", "everywhere"),
    ("nobody", "nobody"),
    ("nothing", "nothing"),
    ("nowhere", "nowhere"),
    ("none", "none"),
    ("no", "no"),
    ("never", "never"),
    ("neither", "neither"),
    ("nor", "nor"),
    # question and relative words
    ("who", "who whom whose"),
    ("what", "what"),
    ("which", "which"),
    ("when", "when"),
    ("where", "where"),
    ("why", "why"),
    ("how", "how"),
    ("whoever", "whoever whomever"),
    ("whatever", "whatever"),
    ("whichever", "whichever"),
    ("whenever", "whenever"),
    ("wherever", "wherever"),
    ("however", "however"),
    # determiners and quantifiers
    ("the", "the"),
    ("a", "a an"),
    ("this", "this these"),
    ("that", "that those"),
    ("some", "some"),
    ("any", "any"),
    ("every", "every"),
    ("each", "each"),
    ("either", "either"),
    ("all", "all"),
    ("both", "both"),
    ("few", "few fewer fewest"),
    ("many", "many more most"),
    ("much", "much more most"),
    ("little", "little less least"),
    ("several", "several"),
    ("enough", "enough"),
    ("such", "such"),
    ("another", "another"),
    ("other", "other others"),
    ("own", "own"),
    # prepositions
    ("about", "about"),
    ("above", "above"),
    ("across", "across"),
    ("after", "after"),
    ("against", "against"),
    ("along", "along"),
    ("among", "among amongst"),
    ("around", "around"),
    ("as", "as"),
    ("at", "at"),
    ("before", "before"),
    ("behind", "behind"),
    ("below", "below"),
    ("beneath", "beneath"),
    ("beside", "beside besides"),
    ("between", "between"),
    ("beyond", "beyond"),
    ("by", "by"),
    ("despite", "despite"),
    ("down", "down"),
    ("during", "during"),
    ("except", "except"),
    ("for", "for"),
    ("from", "from"),
    ("in", "in"),
    ("inside", "inside"),
    ("into", "into"),
    ("like", "like"),
    ("near", "near"),
    ("of", "of"),
    ("off", "off"),
    ("on", "on"),
    ("onto", "onto"),
    ("out", "out"),
    ("outside", "outside"),
    ("over", "over"),
    ("past", "past"),
    ("per", "per"),
    ("since", "since"),
    ("than", "than"),
    ("through", "through"),
    ("throughout", "throughout"),
    ("till", "till"),
    ("to", "to"),
    ("toward", "toward towards"),
    ("under", "under"),
    ("underneath", "underneath"),
    ("unlike", "unlike"),
    ("until", "until"),
    ("up", "up"),
    ("upon", "upon"),
    ("via", "via"),
    ("with", "with"),
    ("within", "within"),
    ("without", "without"),
    # conjunctions
    ("and", "and"),
    ("but", "but"),
    ("or", "or"),
    ("so", "so"),
    ("yet", "yet"),
    ("because", "because"),
    ("although", "although"),
    ("though", "though"),
    ("if", "if"),
    ("unless", "unless"),
    ("whether", "whether"),
    ("while", "while"),
    ("whereas", "whereas"),
    ("once", "once"),
    # numbers (the supplemental list has two .. billion)
    ("zero", "zero zeros zeroes"),
    ("first", "first firsts"),
    ("second", "second seconds"),
    ("twice", "twice"),
    ("dozen", "dozen dozens"),
    ("trillion", "trillion trillions trillionth"),
    # everyday words a sentence or a dialogue turn needs
    ("yes", "yes"),
    ("oh", "oh"),
    ("okay", "okay ok OK"),
    ("hello", "hello"),
    ("please", "please"),
    ("thanks", "thanks"),
    ("Mr", "Mr Mrs Ms"),
)

# lemminflect tags that are inflections (never derivations).
INFLECTION_TAGS = frozenset(
    {"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "JJ", "JJR", "JJS", "RB", "RBR", "RBS"}
)


@dataclass
class Entry:
    lemma: str
    forms: list[str]
    source: str
    rank: int | None
    order: int
    _seen: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        forms, self.forms = self.forms, []
        self.add([self.lemma, *forms])

    def add(self, forms: list[str] | tuple[str, ...]) -> int:
        added = 0
        for form in forms:
            if form and form not in self._seen:
                self._seen.add(form)
                self.forms.append(form)
                added += 1
        return added


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def _zipf(word: str) -> float | None:
    """wordfreq's Zipf frequency, or None when wordfreq is not installed."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a build-data extra
        return None
    return zipf_frequency(word, "en")


def _oov_pos(lemma: str, forms: list[str]) -> str | None:
    """A part of speech for lemminflect's rule-based inflector, guessed from the NGSL forms."""
    low = lemma.lower()
    others = {f.lower() for f in forms} - {low}
    if any(f.endswith(("ed", "ing")) and f.startswith(low[:-1]) for f in others):
        return "VERB"
    if any(f in (low + "s", low + "es", low[:-1] + "ies") for f in others):
        return "NOUN"
    return None


def inflections(lemma: str, forms: list[str]) -> list[str]:
    """Inflected forms of ``lemma`` that lemminflect knows (sorted for determinism)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    table = getAllInflections(lemma)
    if not table:
        pos = _oov_pos(lemma, forms)
        if pos is None:
            return []
        table = getAllInflectionsOOV(lemma, pos)
    found: set[str] = set()
    for tag, words in table.items():
        if tag in INFLECTION_TAGS:
            found.update(w for w in words if w and " " not in w)
    known = {f.lower() for f in forms}
    result = []
    for word in sorted(found):
        if word.lower() in known:
            continue
        zipf = _zipf(word)
        # lemminflect's tables carry a few forms nobody writes ("whies", "areae"); keep only the
        # forms that wordfreq has seen at least once.
        if zipf is not None and zipf <= 0.0:
            continue
        result.append(word)
    return result


def build(ngsl_dir: Path, size: int) -> list[Entry]:
    ngsl = read_tsv(ngsl_dir / "ngsl.tsv")
    supplemental = read_tsv(ngsl_dir / "ngsl-supplemental.tsv")
    ngsl.sort(key=lambda row: int(row["rank"]))
    entries: list[Entry] = []
    by_lemma: dict[str, Entry] = {}

    def add_entry(entry: Entry) -> None:
        entries.append(entry)
        by_lemma.setdefault(entry.lemma, entry)

    for i, row in enumerate(ngsl[:size]):
        forms = row["forms"].split()
        entry = Entry(row["lemma"], forms, "ngsl", int(row["rank"]), i)
        entry.add(inflections(row["lemma"], entry.forms))
        add_entry(entry)
    for i, row in enumerate(supplemental):
        add_entry(Entry(row["lemma"], row["forms"].split(), "supplemental", None, i))
    merged = 0
    for i, (lemma, forms) in enumerate(CLOSED_CLASS):
        existing = by_lemma.get(lemma)
        if existing is not None:
            merged += existing.add(forms.split())
        else:
            add_entry(Entry(lemma, forms.split(), "closed", None, i))
    log.info("closed-class list added %d forms to existing headwords", merged)
    entries.sort(key=lambda e: (SOURCE_ORDER[e.source], e.rank if e.rank is not None else 0, e.order))
    return entries


def render(entries: list[Entry]) -> str:
    lines = [HEADER_COMMENT, "\t".join(COLUMNS)]
    for e in entries:
        lines.append("\t".join((e.lemma, " ".join(e.forms), e.source, "" if e.rank is None else str(e.rank))))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ngsl-dir",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "data" / "ngsl",
        help="folder holding ngsl.tsv and ngsl-supplemental.tsv (default: ../shared/data/ngsl)",
    )
    parser.add_argument("--size", type=int, default=2000, help="number of NGSL headwords (default 2000)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "vocab" / "leaner-2k.tsv", help="output file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")

    entries = build(args.ngsl_dir, args.size)
    text = render(entries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    forms = {f.lower() for e in entries for f in e.forms}
    counts = {src: sum(1 for e in entries if e.source == src) for src in SOURCE_ORDER}
    log.info(
        "wrote %s: %d lemmas (%s), %d form entries, %d distinct forms (case-insensitive)",
        args.out,
        len(entries),
        ", ".join(f"{k} {v}" for k, v in counts.items()),
        sum(len(e.forms) for e in entries),
        len(forms),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
