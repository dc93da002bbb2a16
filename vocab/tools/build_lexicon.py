"""Build ``vocab/substitutions.tsv``: out-of-list lemmas mapped to ranked in-list replacements.

The lexicon is built offline from WordNet 3.0 (read through nltk), wordfreq and the vocabulary list
``vocab/leaner-2k.tsv``; the library reads only the data file. For every single-word WordNet lemma that
is not a headword of the vocabulary (a form of a headword may be a key: the caller looks up lemmas, and
"founded" has the lemma "found", establish) and is not too rare in wordfreq, the script walks the
lemma's most frequent senses and collects in-list words that can stand in for it:

* synonyms (other lemmas of the same synset);
* for nouns and verbs, hypernyms at distance 1, then 2 (never uselessly vague tops such as "entity");
* for adjectives, the ``similar_to`` head or satellite synsets;
* for adverbs, the synonyms of the adjective the adverb is derived from (its pertainym), turned back
  into adverbs ("rapidly" -> rapid -> quick -> "quickly");
* derivationally related forms of the same part of speech, as a last resort.

A second, broad tier (the ``broad`` column) holds lower-confidence candidates, used by the caller only
when no first-tier candidate fits: candidates that missed the first tier's score cut (over up to six
senses, the rarer ones scored down), hypernyms at distance 2 and 3, "see also" adjectives, the adverbs
of a head adjective's satellites, derivationally related forms and zero derivations of their synonyms
("circulation" -> circulate -> spread), the same participle of a verb's best replacements for participle
adjectives ("murdered" -> "killed"), and for nouns with nothing else an informative category word found
above the main sense ("lizard" -> "animal", "biology" -> "science"; see CATEGORIES). Very general words
and WordNet labels ("thing", "information", "someone") are never broad candidates.

Each candidate is scored by an estimate of how often it is used with that meaning: the wordfreq Zipf
frequency of the candidate, plus log10 of the share of the candidate's WordNet tagged occurrences that
fall in that synset, plus log10 of the share of the key's occurrences that fall in the sense, minus a
penalty for each step of relation distance, for very general words ("get", "make") and for words that
are mostly prepositions or conjunctions ("after", "about"). A short list of well-known plain-English
replacements ("utilize" -> "use", "currently" -> "now") is put in front of the WordNet candidates.

nltk cannot download data here and refuses symlinks, so the WordNet dict files are copied into a
temporary ``NLTK_DATA/corpora/wordnet/`` folder together with the ``lexnames`` file nltk expects.

Run from the repository root::

    .venv/bin/python vocab/tools/build_lexicon.py
"""

from __future__ import annotations

import argparse
import logging
import math
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger("build_lexicon")

REPO_ROOT = Path(__file__).resolve().parents[2]

HEADER_COMMENT = (
    "# substitutions: out-of-list lemmas with a coarse part of speech (NOUN, VERB, ADJ, ADV) and up to "
    "five in-list replacements, best first, and up to four broader, lower-confidence ones (used only when no first "
    "one fits). "
    "Built by vocab/tools/build_lexicon.py from WordNet 3.0 (Princeton University licence), wordfreq 3.1 "
    "and leaner-2k; see NOTICE.md."
)
COLUMNS = ("lemma", "pos", "candidates", "broad")
MAX_CANDIDATES = 5
MAX_BROAD = 4

# The WordNet 3.0 lexicographer files (the "lexnames" file of the WordNet distribution).
LEXNAMES: tuple[tuple[str, int], ...] = (
    ("adj.all", 3),
    ("adj.pert", 3),
    ("adv.all", 4),
    ("noun.Tops", 1),
    ("noun.act", 1),
    ("noun.animal", 1),
    ("noun.artifact", 1),
    ("noun.attribute", 1),
    ("noun.body", 1),
    ("noun.cognition", 1),
    ("noun.communication", 1),
    ("noun.event", 1),
    ("noun.feeling", 1),
    ("noun.food", 1),
    ("noun.group", 1),
    ("noun.location", 1),
    ("noun.motive", 1),
    ("noun.object", 1),
    ("noun.person", 1),
    ("noun.phenomenon", 1),
    ("noun.plant", 1),
    ("noun.possession", 1),
    ("noun.process", 1),
    ("noun.quantity", 1),
    ("noun.relation", 1),
    ("noun.shape", 1),
    ("noun.state", 1),
    ("noun.substance", 1),
    ("noun.time", 1),
    ("verb.body", 2),
    ("verb.change", 2),
    ("verb.cognition", 2),
    ("verb.communication", 2),
    ("verb.competition", 2),
    ("verb.consumption", 2),
    ("verb.contact", 2),
    ("verb.creation", 2),
    ("verb.emotion", 2),
    ("verb.motion", 2),
    ("verb.perception", 2),
    ("verb.possession", 2),
    ("verb.social", 2),
    ("verb.stative", 2),
    ("verb.weather", 2),
    ("adj.ppl", 3),
)

WN_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _name(item: Any) -> str:
    """Sort key for WordNet synsets and lemmas, so that every walk runs in a fixed order."""
    return str(item.name())


# Noun hypernyms too general to replace anything (never used as hypernym candidates). General verbs
# ("get", "change", "make") are kept as hypernyms but scored down (VAGUE_WORDS).
VAGUE_SYNSETS = _words(
    """entity.n.01 physical_entity.n.01 abstraction.n.06 object.n.01 whole.n.02 thing.n.08 thing.n.12
    act.n.02 event.n.01 group.n.01 relation.n.01 attribute.n.02 psychological_feature.n.01 measure.n.02
    matter.n.03 state.n.02 unit.n.03 causal_agent.n.01 artifact.n.01 instrumentality.n.03 content.n.05
    communication.n.02 cognition.n.01 organism.n.01 living_thing.n.01 process.n.06 property.n.02
    abstraction.n.01 social_group.n.01 human_action.n.01"""
)
# Very general words: allowed as candidates, but scored down so a more precise word comes first.
VAGUE_WORDS = _words(
    "be have get make do go take put set give let come keep run turn thing stuff way act cause move change"
)
# Words used mostly as prepositions, conjunctions, determiners or pronouns (uses WordNet does not see).
FUNCTION_WORDS = _words(
    """about above across after against along among around as at before behind below beneath beside
    between beyond by despite down during except for from in inside into like near of off on onto out
    outside over past per since than through throughout till to toward towards under underneath unlike
    until up upon via with within without and but or nor so yet because although though if unless
    whether while whereas once the a an this that these those some any every each either neither all
    both few many much more most little less least several enough such another other one it he she
    they we you i can could may might must shall should will would"""
)

# Words never offered in the broad tier: too general, or WordNet labels a reader would not take as a
# replacement ("bleach" -> "change", "apnea" -> "information", "blacksmith" -> "someone"). A close
# synonym or hypernym that is one of them may still be in the first tier.
BROAD_EXCLUDED = (VAGUE_WORDS - {"move"}) | _words(
    """part kind form type sort state condition quality activity situation point piece object item
    unit matter content feature property structure system device material substance area process
    action event group set level position result effect use work stuff status information evidence
    line statement creation conclusion collection ability power component location message agent
    someone somebody something anything everything nothing anyone everyone nobody soul individual
    colored coloured touch"""
)

# Informative category words for nouns that have nothing closer: a noun under one of these synsets
# (at any distance) may be replaced by the word ("lizard" -> "animal", "biology" -> "science"). Only
# categories a reader can still understand the sentence with; vague ones (artifact, object, location
# of any kind, abstraction) are left out. The nearest category above the noun's main sense wins.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("bird.n.01", "bird"),
    ("fish.n.01", "fish"),
    ("animal.n.01", "animal"),
    ("tree.n.01", "tree"),
    ("flower.n.01", "flower"),
    ("plant.n.02", "plant"),
    ("beverage.n.01", "drink"),
    ("meal.n.01", "meal"),
    ("food.n.01", "food"),
    ("food.n.02", "food"),
    ("medicine.n.02", "medicine"),
    ("drug.n.01", "drug"),
    ("disease.n.01", "disease"),
    ("illness.n.01", "illness"),
    ("body_part.n.01", "body part"),
    ("person.n.01", "person"),
    ("body_of_water.n.01", "water"),
    ("science.n.01", "science"),
    ("sport.n.01", "sport"),
    ("game.n.01", "game"),
    ("dance.n.01", "dance"),
    ("music.n.01", "music"),
    ("musical_composition.n.01", "music"),
    ("musical_instrument.n.01", "instrument"),
    ("weapon.n.01", "weapon"),
    ("vehicle.n.01", "vehicle"),
    ("tool.n.01", "tool"),
    ("clothing.n.01", "clothes"),
    ("metal.n.01", "metal"),
    ("rock.n.01", "rock"),
    ("storm.n.01", "storm"),
    ("document.n.01", "document"),
    ("language.n.01", "language"),
    ("crime.n.01", "crime"),
    ("organization.n.01", "organization"),
    ("occupation.n.01", "job"),
)

# Scoring (log10 units: 1.0 means "ten times less frequent").
DISTANCE_PENALTY = {0: 0.0, 1: 1.2, 2: 2.2, 3: 2.8}
VAGUE_PENALTY = 1.5
FUNCTION_PENALTY = 1.5
PHRASE_PENALTY = 1.0
FIT_FLOOR = -3.0  # a synonym is never scored down more than this for being rare in that sense
MIN_SCORE = 2.0  # candidates scoring below this are left out: no replacement beats a bad one
MAX_GAP = 2.5  # nor are candidates this far below the best one
# The broad tier (used only when no first-tier candidate fits): further relations, scored like the first
# tier with the penalties below, and a lower floor.
BROAD_MIN_SCORE = 0.5
BROAD_PENALTY = {
    "hyper2": 2.2,
    "hyper3": 2.8,
    "similar": 1.5,
    "also": 2.0,
    "drf": 2.5,
    "zero": 2.5,
    "participle": 1.5,
}
CATEGORY_SCORE = BROAD_MIN_SCORE  # category words are used as they are, whatever their frequency
MIN_KEY_LENGTH = 3
CONVERTED_SHARE = 0.3  # assumed sense share of an adverb made from an adjective synonym
MAX_SENSES = 3
SENSE_COVERAGE = 0.85  # stop taking senses once the kept ones cover this share of tagged uses
BROAD_SENSES = 6  # the broad tier looks at this many senses, rare ones included (scored down by share)
EXTRA_SENSE_PENALTY = 1.0  # and scores down the senses the first tier leaves out a little more
PARTICIPLE_VERB_CANDIDATES = 2  # "murdered" -> the participles of murder's two best replacements

# Well-known plain-English replacements for formal words (after plain-language guides), put before
# the WordNet candidates. Only candidates that are in the vocabulary are kept.
PLAIN_ENGLISH: tuple[tuple[str, str, str], ...] = (
    # Formal adverbs and adjectives that plain-language guides replace (a general list, not fitted to a test set).
    ("annually", "ADV", "every year|yearly"),
    ("biannually", "ADV", "twice a year"),
    ("notably", "ADV", "especially|in particular"),
    ("roughly", "ADV", "about|around"),
    ("traditionally", "ADV", "by custom|usually"),
    ("customarily", "ADV", "usually"),
    ("thereafter", "ADV", "after that|later"),
    ("henceforth", "ADV", "from now on"),
    ("hitherto", "ADV", "until now|before"),
    ("heretofore", "ADV", "until now|before"),
    ("formerly", "ADV", "before|once"),
    ("principally", "ADV", "mainly"),
    ("chiefly", "ADV", "mainly"),
    ("infrequently", "ADV", "not often"),
    ("seldom", "ADV", "not often"),
    ("rarely", "ADV", "not often"),
    ("occasionally", "ADV", "sometimes|at times"),
    ("presently", "ADV", "now|soon"),
    ("ultimately", "ADV", "in the end|finally"),
    ("eventually", "ADV", "in the end|finally|later"),
    ("accordingly", "ADV", "so"),
    ("likewise", "ADV", "also|in the same way"),
    ("similarly", "ADV", "in the same way|also"),
    ("alternatively", "ADV", "or|instead"),
    ("respectively", "ADV", "in that order"),
    ("worldwide", "ADV", "around the world"),
    ("worldwide", "ADJ", "world"),
    ("nationwide", "ADV", "across the country"),
    ("nationwide", "ADJ", "national"),
    ("simultaneously", "ADV", "at the same time"),
    ("adequately", "ADV", "well enough|enough"),
    ("sufficiently", "ADV", "enough"),
    ("partially", "ADV", "partly|in part"),
    ("merely", "ADV", "only|just"),
    ("exclusively", "ADV", "only"),
    ("allegedly", "ADV", "it is said|reportedly"),
    ("reportedly", "ADV", "it is said"),
    ("purportedly", "ADV", "it is said"),
    ("supposedly", "ADV", "it is said"),
    ("presumably", "ADV", "probably"),
    ("insufficient", "ADJ", "not enough"),
    ("prior", "ADJ", "earlier|before"),
    ("populous", "ADJ", "crowded|large"),
    ("annual", "ADJ", "yearly|every year"),
    ("accelerate", "VERB", "speed up"),
    ("accompany", "VERB", "go with"),
    ("accomplish", "VERB", "do|finish"),
    ("accumulate", "VERB", "collect|gather"),
    ("accurate", "ADJ", "correct|exact"),
    ("acquire", "VERB", "get|buy"),
    ("additional", "ADJ", "more|extra"),
    ("additionally", "ADV", "also"),
    ("adequate", "ADJ", "enough"),
    ("adjacent", "ADJ", "next"),
    ("alter", "VERB", "change"),
    ("alteration", "NOUN", "change"),
    ("anticipate", "VERB", "expect"),
    ("apparent", "ADJ", "clear"),
    ("approximately", "ADV", "about"),
    ("approximate", "ADJ", "rough|close"),
    ("ascertain", "VERB", "find out|learn"),
    ("assist", "VERB", "help"),
    ("assistance", "NOUN", "help"),
    ("attain", "VERB", "reach|get"),
    ("beverage", "NOUN", "drink"),
    ("cease", "VERB", "stop"),
    ("commence", "VERB", "start|begin"),
    ("commencement", "NOUN", "start|beginning"),
    ("component", "NOUN", "part"),
    ("comprise", "VERB", "include"),
    ("conceal", "VERB", "hide"),
    ("consequently", "ADV", "so"),
    ("constitute", "VERB", "make up|form"),
    ("construct", "VERB", "build"),
    ("currently", "ADV", "now"),
    ("demonstrate", "VERB", "show"),
    ("depart", "VERB", "leave"),
    ("dwelling", "NOUN", "home|house"),
    ("eliminate", "VERB", "remove"),
    ("endeavor", "VERB", "try"),
    ("endeavour", "VERB", "try"),
    ("endeavor", "NOUN", "effort"),
    ("endeavour", "NOUN", "effort"),
    ("enquire", "VERB", "ask"),
    ("equivalent", "ADJ", "equal"),
    ("erroneous", "ADJ", "wrong"),
    ("excessive", "ADJ", "too much"),
    ("expedite", "VERB", "speed up"),
    ("facilitate", "VERB", "help"),
    ("frequently", "ADV", "often"),
    ("furthermore", "ADV", "also"),
    ("illustrate", "VERB", "show"),
    ("immediately", "ADV", "at once|now"),
    ("indicate", "VERB", "show"),
    ("initial", "ADJ", "first"),
    ("initially", "ADV", "first|at first"),
    ("initiate", "VERB", "start|begin"),
    ("inquire", "VERB", "ask"),
    ("locate", "VERB", "find"),
    ("magnitude", "NOUN", "size"),
    ("moreover", "ADV", "also"),
    ("nevertheless", "ADV", "still|however"),
    ("nonetheless", "ADV", "still|however"),
    ("numerous", "ADJ", "many"),
    ("objective", "NOUN", "aim|goal"),
    ("observe", "VERB", "see|watch"),
    ("obtain", "VERB", "get"),
    ("occupation", "NOUN", "job"),
    ("participate", "VERB", "take part|join"),
    ("perceive", "VERB", "see|notice"),
    ("permit", "VERB", "let|allow"),
    ("portion", "NOUN", "part"),
    ("possess", "VERB", "have|own"),
    ("predominantly", "ADV", "mostly|mainly"),
    ("previously", "ADV", "before"),
    ("primarily", "ADV", "mainly|mostly"),
    ("principal", "ADJ", "main"),
    ("proceed", "VERB", "go on|continue"),
    ("procure", "VERB", "get"),
    ("prohibit", "VERB", "ban|stop"),
    ("purchase", "VERB", "buy"),
    ("reside", "VERB", "live"),
    ("residence", "NOUN", "home|house"),
    ("retain", "VERB", "keep"),
    ("select", "VERB", "choose|pick"),
    ("solely", "ADV", "only"),
    ("subsequent", "ADJ", "later|next"),
    ("subsequently", "ADV", "later|then"),
    ("substantial", "ADJ", "large|big"),
    ("sufficient", "ADJ", "enough"),
    ("terminate", "VERB", "end|stop"),
    ("thoroughly", "ADV", "completely|carefully"),
    ("transmit", "VERB", "send"),
    ("utilize", "VERB", "use"),
    ("utilise", "VERB", "use"),
    ("utilization", "NOUN", "use"),
    ("voluminous", "ADJ", "large|big"),
    ("website", "NOUN", "site"),
)

# British spellings: (American ending, British ending) applied to in-list lemmas.
BRITISH_ENDINGS: tuple[tuple[str, str], ...] = (
    ("or", "our"),
    ("ize", "ise"),
    ("yze", "yse"),
    ("ization", "isation"),
    ("er", "re"),
    ("og", "ogue"),
    ("ense", "ence"),
    ("am", "amme"),
)


@dataclass(frozen=True)
class Candidate:
    text: str
    score: float


# ----------------------------------------------------------------------------------------------
# vocabulary


@dataclass
class Vocabulary:
    forms: frozenset[str]  # every listed form and lemma, lowercase
    lemmas: frozenset[str]  # listed lemmas (headwords), lowercase

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.forms

    def usable(self, word: str, pos: str) -> bool:
        """Whether ``word`` can replace a word of ``pos``: nouns and verbs must be headwords (so the
        run-time inflection lands in the list); adjectives and adverbs may be any listed form."""
        parts = word.split(" ")
        if len(parts) > 2 or not all(p.isalpha() for p in parts):
            return False
        if not all(p in self for p in parts):
            return False
        if pos == "VERB":
            return parts[0] in self.lemmas
        if pos == "NOUN":
            return parts[-1] in self.lemmas
        return True


def read_vocabulary(path: Path) -> Vocabulary:
    forms: set[str] = set()
    lemmas: set[str] = set()
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if cells[:2] == ["lemma", "forms"]:
                continue
        lemma = cells[0].lower()
        lemmas.add(lemma)
        forms.add(lemma)
        forms.update(f.lower() for f in cells[1].split())
    return Vocabulary(frozenset(forms), frozenset(lemmas))


# ----------------------------------------------------------------------------------------------
# WordNet through nltk


@contextmanager
def wordnet_reader(wordnet_dir: Path) -> Iterator[Any]:
    """A WordNet corpus reader over copies of the dict files in ``wordnet_dir``."""
    if not (wordnet_dir / "index.noun").is_file():
        raise SystemExit(f"no WordNet dict files in {wordnet_dir} (apt-get install wordnet-base)")
    with tempfile.TemporaryDirectory(prefix="nltk_data_") as tmp:
        target = Path(tmp) / "corpora" / "wordnet"
        target.mkdir(parents=True)
        for f in sorted(wordnet_dir.iterdir()):
            if f.is_file():
                shutil.copyfile(f, target / f.name)  # copies: nltk refuses symlinks
        (target / "lexnames").write_text(
            "".join(f"{i:02d}\t{name}\t{cat}\n" for i, (name, cat) in enumerate(LEXNAMES)),
            encoding="utf-8",
        )
        import nltk
        from nltk.corpus.reader.wordnet import WordNetCorpusReader

        nltk.data.path[:] = [tmp]
        with warnings.catch_warnings():
            # "The multilingual functions are not available": no Open Multilingual Wordnet, none needed
            warnings.simplefilter("ignore", UserWarning)
            reader = WordNetCorpusReader(nltk.data.find("corpora/wordnet"), None)
        log.info("WordNet %s loaded from copies of %s", reader.get_version(), wordnet_dir)
        yield reader


# ----------------------------------------------------------------------------------------------
# the lexicon


class LexiconBuilder:
    def __init__(self, wn: Any, vocab: Vocabulary, min_zipf: float) -> None:
        from wordfreq import zipf_frequency

        self.wn = wn
        self.vocab = vocab
        self.min_zipf = min_zipf
        self._zipf = lru_cache(maxsize=None)(lambda w: zipf_frequency(w, "en"))
        self._total = lru_cache(maxsize=None)(self._total_uncached)
        self._is_adverb = lru_cache(maxsize=None)(lambda w: bool(self.wn.lemmas(w, "r")))

    def zipf(self, word: str) -> float:
        return float(self._zipf(word))

    def _total_uncached(self, name: str) -> tuple[int, int]:
        """Tagged uses of a WordNet lemma name over all its senses, and its number of senses."""
        lemmas = self.wn.lemmas(name)
        return sum(lem.count() for lem in lemmas), len(lemmas)

    # keys ------------------------------------------------------------------------------------

    def keys(self) -> Iterator[tuple[str, str]]:
        for pos, wn_pos in WN_POS.items():
            for name in sorted(set(self.wn.all_lemma_names(wn_pos))):
                if len(name) < MIN_KEY_LENGTH or not name.isalpha() or not name.islower():
                    continue
                # a headword is never a key, but a form of one may be: the caller looks up a token's
                # lemma, and "founded" has the lemma "found" (establish), not the headword "find"
                if name in self.vocab.lemmas:
                    continue
                if self.zipf(name) < self.min_zipf:
                    continue
                if self.proper_noun_like(name, wn_pos):
                    continue
                yield name, pos

    def proper_noun_like(self, name: str, wn_pos: str) -> bool:
        """Capitalised in every synset of this part of speech ("Europe"), or a name elsewhere in
        WordNet whose lower-case senses are never seen in the tagged corpus ("john", "peter")."""
        lemmas = self.wn.lemmas(name, wn_pos)
        lower = [lem for lem in lemmas if lem.name().islower()]
        if not lower:
            return True
        capitalised_elsewhere = any(not lem.name().islower() for lem in self.wn.lemmas(name))
        return capitalised_elsewhere and sum(lem.count() for lem in lower) == 0

    # candidates ------------------------------------------------------------------------------

    def senses(self, key: str, pos: str, broad: bool = False) -> list[tuple[Any, float]]:
        """The key's most frequent senses (lemma objects) with log10 of each one's share of uses; for
        the broad tier, up to BROAD_SENSES senses whatever their share."""
        lemmas = [
            lem
            for lem in self.wn.lemmas(key, WN_POS[pos])
            if lem.name().lower() == key and not self.slur(lem.synset())
        ]
        if not lemmas:
            return []
        counts = [lem.count() for lem in lemmas]
        total = sum(counts)
        order = sorted(range(len(lemmas)), key=lambda i: (-counts[i], i))
        kept: list[tuple[Any, float]] = []
        covered = 0
        penalty = 0.0  # for the senses only the broad tier takes
        for i in order:
            if len(kept) >= (BROAD_SENSES if broad else MAX_SENSES):
                break
            if (
                len(kept) >= MAX_SENSES
                or (kept and total > 0 and (counts[i] == 0 or covered >= SENSE_COVERAGE * total))
                or (kept and total == 0 and len(kept) >= 2)
            ):
                if not broad:
                    break
                penalty = EXTRA_SENSE_PENALTY
            share = (counts[i] + 0.5) / (total + 0.5 * len(lemmas))
            kept.append((lemmas[i], math.log10(share) - penalty))
            covered += counts[i]
        return kept

    @staticmethod
    def slur(synset: Any) -> bool:
        """Senses WordNet marks as ethnic slurs are never replaced by a neutral word ("coon")."""
        return any(d.name() == "ethnic_slur.n.01" for d in synset.usage_domains())

    def fit(self, lemma: Any) -> float:
        """log10 of the share of a lemma's tagged uses that fall in this synset."""
        total, n = self._total(lemma.name())
        return max(FIT_FLOOR, math.log10((lemma.count() + 1) / (total + max(n, 1))))

    def word_score(self, text: str, pos: str) -> float:
        score = self.zipf(text)
        if " " in text:
            score -= PHRASE_PENALTY
        head = text.split(" ")[0]
        if text in VAGUE_WORDS or (pos == "VERB" and head in VAGUE_WORDS and " " not in text):
            score -= VAGUE_PENALTY
        if all(part in FUNCTION_WORDS for part in text.split(" ")):
            score -= FUNCTION_PENALTY
        return score

    def synset_words(self, synset: Any, pos: str) -> Iterator[tuple[str, float]]:
        """In-list words of a synset with their fit to it."""
        for lem in synset.lemmas():
            name = lem.name()
            if not name.islower():
                continue
            text = name.replace("_", " ")
            if self.vocab.usable(text, pos):
                yield text, self.fit(lem)

    def close_words(self, synset: Any, pos: str) -> Iterator[tuple[str, float]]:
        """Like synset_words, for related synsets: single words only ("plastic art", "chemical
        element" are WordNet labels, not words a writer would use in place of another)."""
        for text, fit in self.synset_words(synset, pos):
            if " " not in text:
                yield text, fit

    def hypernyms(self, synset: Any, max_distance: int = 2) -> Iterator[tuple[Any, int]]:
        seen = set()
        frontier = [synset]
        for distance in range(1, max_distance + 1):
            nxt = []
            for s in frontier:
                for h in sorted(s.hypernyms(), key=_name):
                    if h.name() not in seen:
                        seen.add(h.name())
                        nxt.append(h)
            for h in nxt:
                if h.name() not in VAGUE_SYNSETS:
                    yield h, distance
            frontier = nxt

    @staticmethod
    def adverbs_from(adjective: str) -> list[str]:
        """Adverb spellings of an adjective: quick -> quickly, easy -> easily, simple -> simply."""
        forms = [adjective, adjective + "ly"]
        if adjective.endswith("y"):
            forms.append(adjective[:-1] + "ily")
        if adjective.endswith("le"):
            forms.append(adjective[:-1] + "y")
        if adjective.endswith("ic"):
            forms.append(adjective + "ally")
        if adjective.endswith("ue"):
            forms.append(adjective[:-1] + "ly")
        return forms

    def related(self, key: str, pos: str, broad: bool = False) -> Iterator[tuple[str, int, float, float]]:
        """(candidate, distance, sense weight, fit) for every in-list word related to the key."""
        for sense_lemma, sense_weight in self.senses(key, pos, broad):
            synset = sense_lemma.synset()
            found_close = False
            for text, fit in self.synset_words(synset, pos):
                found_close = True
                yield text, 0, sense_weight, fit
            if pos in ("NOUN", "VERB"):
                # distance-2 hypernyms only where the synonyms and direct hypernyms gave nothing
                for hyper, distance in self.hypernyms(synset):
                    if distance == 2 and found_close:
                        break
                    for text, fit in self.close_words(hyper, pos):
                        if distance == 1:
                            found_close = True
                        yield text, distance, sense_weight, fit
            elif pos == "ADJ":
                # a satellite's similar_to is its head adjective (close: "numerous" -> "many"); a
                # head's similar_tos are its satellites, narrower in meaning, so they count as further
                distance = 1 if synset.pos() == "s" else 2
                for similar in sorted(synset.similar_tos(), key=_name):
                    for text, fit in self.close_words(similar, pos):
                        yield text, distance, sense_weight, fit
            elif pos == "ADV":
                for pert in sorted(sense_lemma.pertainyms(), key=lambda x: (x.name(), x.synset().name())):
                    adj_synset = pert.synset()
                    # the adjective's own synonyms, and for a satellite its head ("swift" -> "fast");
                    # a head's satellites drift too far ("current" -> "live", "actual")
                    adj_synsets = [adj_synset]
                    if adj_synset.pos() == "s":
                        adj_synsets += sorted(adj_synset.similar_tos(), key=_name)
                    adjectives = [lem.name() for a in adj_synsets for lem in a.lemmas()]
                    for adjective in adjectives:
                        if not adjective.isalpha() or not adjective.islower():
                            continue
                        for adverb in self.adverbs_from(adjective):
                            if adverb in self.vocab and self._is_adverb(adverb):
                                yield adverb, 1, sense_weight, math.log10(CONVERTED_SHARE)
            for drf in sorted(
                sense_lemma.derivationally_related_forms(), key=lambda x: (x.name(), x.synset().name())
            ):
                if drf.synset().pos() == synset.pos() or (pos == "ADJ" and drf.synset().pos() in ("a", "s")):
                    text = drf.name().replace("_", " ")
                    if drf.name().islower() and self.vocab.usable(text, pos):
                        yield text, 3, sense_weight, self.fit(drf)

    def excluded(self, key: str, pos: str) -> set[str]:
        """The key and its own inflections (never offered as replacements)."""
        from lemminflect import getAllInflections, getAllInflectionsOOV

        out = {key}
        for table in (getAllInflections(key), getAllInflectionsOOV(key, pos)):
            for words in table.values():
                out.update(w.lower() for w in words)
        return out

    def candidates(self, key: str, pos: str) -> list[str]:
        return [c.text for c in self.scored_candidates(key, pos)]

    def all_scored(self, key: str, pos: str, broad: bool = False) -> dict[str, float]:
        """Every first-tier-relation candidate with its score, whatever the score (over the broad
        tier's senses if ``broad``)."""
        best: dict[str, float] = {}
        for text, distance, sense_weight, fit in self.related(key, pos, broad):
            score = self.word_score(text, pos) + fit + sense_weight - DISTANCE_PENALTY[distance]
            if score > best.get(text, -math.inf):
                best[text] = score
        excluded = self.excluded(key, pos)
        return {t: s for t, s in best.items() if t not in excluded}

    def scored_candidates(self, key: str, pos: str) -> list[Candidate]:
        return self.scored_tiers(key, pos)[0]

    def first_tier(self, scored: dict[str, float]) -> list[Candidate]:
        ranked = sorted(
            (Candidate(t, s) for t, s in scored.items() if s >= MIN_SCORE),
            key=lambda c: (-c.score, c.text),
        )
        if ranked:
            ranked = [c for c in ranked if c.score >= ranked[0].score - MAX_GAP]
        return ranked[:MAX_CANDIDATES]

    def scored_tiers(self, key: str, pos: str) -> tuple[list[Candidate], list[Candidate]]:
        """The first tier and the broad tier, each best first."""
        first = self.first_tier(self.all_scored(key, pos))
        taken = {c.text for c in first}
        # the broad tier: candidates that missed the first tier's cut (over more senses), and the
        # further relations
        best = {t: s for t, s in self.all_scored(key, pos, broad=True).items() if t not in taken}
        excluded = self.excluded(key, pos) | taken
        for text, score in self.broad_related(key, pos):
            if text not in excluded and score > best.get(text, -math.inf):
                best[text] = score
        broad = sorted(
            (
                Candidate(t, s)
                for t, s in best.items()
                if s >= BROAD_MIN_SCORE
                and t not in BROAD_EXCLUDED
                and not all(w in FUNCTION_WORDS for w in t.split())
            ),
            key=lambda c: (-c.score, c.text),
        )[:MAX_BROAD]
        if not first and not broad and pos == "NOUN":
            category = self.category(key)
            if category and category not in excluded:
                broad = [Candidate(category, CATEGORY_SCORE)]
        return first, broad

    def broad_related(self, key: str, pos: str) -> Iterator[tuple[str, float]]:
        """(candidate, score) from the relations only the broad tier uses."""
        for sense_lemma, sense_weight in self.senses(key, pos, broad=True):
            synset = sense_lemma.synset()

            def scored(text: str, fit: float, kind: str, weight: float = sense_weight) -> tuple[str, float]:
                return text, self.word_score(text, pos) + fit + weight - BROAD_PENALTY[kind]

            if pos in ("NOUN", "VERB"):
                # hypernyms at distance 2 and 3 (verbs: 2, their trees are shallow and the third step is
                # mostly "touch", "think", "travel"), whatever the closer relations gave
                for hyper, distance in self.hypernyms(synset, 3 if pos == "NOUN" else 2):
                    if distance < 2:
                        continue
                    for text, fit in self.close_words(hyper, pos):
                        yield scored(text, fit, f"hyper{distance}")
            elif pos == "ADJ":
                # "see also" adjectives, and those of the head a satellite hangs from
                heads = (
                    [synset, *sorted(synset.similar_tos(), key=_name)] if synset.pos() == "s" else [synset]
                )
                for head in heads:
                    for also in sorted(head.also_sees(), key=_name):
                        for text, fit in self.close_words(also, pos):
                            yield scored(text, fit, "also")
            elif pos == "ADV":
                # the adverbs of the adjectives near the pertainym that the first tier leaves out: a head
                # adjective's satellites and "see also" adjectives
                for pert in sorted(sense_lemma.pertainyms(), key=lambda x: (x.name(), x.synset().name())):
                    adj = pert.synset()
                    near = sorted(
                        [*adj.also_sees(), *(adj.similar_tos() if adj.pos() == "a" else [])], key=_name
                    )
                    for a in near:
                        for lem in a.lemmas():
                            for adverb in self.adverbs_from(lem.name()):
                                if adverb in self.vocab and self._is_adverb(adverb):
                                    yield scored(adverb, math.log10(CONVERTED_SHARE), "similar")
            yield from (scored(t, f, k) for t, f, k in self.derived(sense_lemma, synset, pos))
        if pos == "ADJ":
            yield from self.participle(key)

    def derived(self, sense_lemma: Any, synset: Any, pos: str) -> Iterator[tuple[str, float, str]]:
        """In-list words reached through derivation links: a related form of the same part of speech
        ("drf"), or a synonym of a related form that has the key's part of speech with the same spelling
        and is derivationally linked to it, a zero derivation ("circulation" -> circulate, spread (v)
        -> "spread" (n)), in the same lexicographer file as the key's sense (so an agent noun does not
        get an action noun: "purchaser" -> buy (v) -/-> "buy" (n))."""
        key_pos = ("a", "s") if pos == "ADJ" else (synset.pos(),)
        for drf in sorted(
            sense_lemma.derivationally_related_forms(), key=lambda x: (x.name(), x.synset().name())
        ):
            if drf.synset().pos() in key_pos:
                text = drf.name().replace("_", " ")
                if drf.name().islower() and self.vocab.usable(text, pos):
                    yield text, self.fit(drf), "drf"
                continue
            for lem in drf.synset().lemmas():
                name = lem.name()
                if not name.isalpha() or not name.islower() or not self.vocab.usable(name, pos):
                    continue
                back = lem.derivationally_related_forms()
                if any(
                    b.name() == name
                    and b.synset().pos() in key_pos
                    and b.synset().lexname() == synset.lexname()
                    for b in back
                ):
                    yield name, self.fit(lem), "zero"

    def participle(self, key: str) -> Iterator[tuple[str, float]]:
        """For a participle adjective ("murdered", "daunting"), the same participle of the verb's
        first-tier replacements ("killed")."""
        if not key.endswith(("ed", "en", "ing")):
            return
        from lemminflect import getInflection, getLemma

        tag = "VBG" if key.endswith("ing") else "VBN"
        for verb in sorted(set(getLemma(key, upos="VERB"))):
            if verb == key or not self.wn.synsets(verb, "v") or key not in getInflection(verb, tag=tag):
                continue
            for cand in self.first_tier(self.all_scored(verb, "VERB"))[:PARTICIPLE_VERB_CANDIDATES]:
                head, _, rest = cand.text.partition(" ")
                if head in FUNCTION_WORDS or rest in FUNCTION_WORDS:
                    continue
                forms = getInflection(head, tag=tag)
                if not forms:
                    continue
                text = f"{forms[0]} {rest}" if rest else forms[0]
                if self.vocab.usable(text, "ADJ"):
                    yield text, cand.score - BROAD_PENALTY["participle"]

    def category(self, key: str) -> str | None:
        """The nearest informative category word above the key's most frequent noun sense."""
        senses = self.senses(key, "NOUN")
        if not senses:
            return None
        ranks = {name: i for i, (name, _) in enumerate(CATEGORIES)}
        seen: set[str] = set()
        frontier = [senses[0][0].synset()]
        while frontier:
            found = sorted(ranks[s.name()] for s in frontier if s.name() in ranks)
            if found:
                word = CATEGORIES[found[0]][1]
                return word if self.vocab.usable(word, "NOUN") else None
            nxt = []
            for s in frontier:
                for h in sorted(s.hypernyms(), key=_name):
                    if h.name() not in seen:
                        seen.add(h.name())
                        nxt.append(h)
            frontier = nxt
        return None

    def build(self) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
        """The first tier and the broad tier, by (key, pos)."""
        table: dict[tuple[str, str], list[str]] = {}
        broad: dict[tuple[str, str], list[str]] = {}
        for key, pos in self.keys():
            first, rest = self.scored_tiers(key, pos)
            if first:
                table[key, pos] = [c.text for c in first]
            if rest:
                broad[key, pos] = [c.text for c in rest]
        log.info("WordNet entries: %d first tier, %d broad tier", len(table), len(broad))
        self.add_plain_english(table)
        self.add_british_spellings(table)
        for k in list(broad):  # a word the hand-written entries put in the first tier leaves the broad one
            broad[k] = [w for w in broad[k] if w not in table.get(k, [])]
            if not broad[k]:
                del broad[k]
        return table, broad

    def add_plain_english(self, table: dict[tuple[str, str], list[str]]) -> None:
        added = 0
        for key, pos, replacements in PLAIN_ENGLISH:
            if pos not in WN_POS or key in self.vocab.lemmas:
                continue
            good = [r for r in replacements.split("|") if self.vocab.usable(r, pos)]
            if not good:
                log.warning("plain-English entry %s/%s has no in-list replacement", key, pos)
                continue
            table[key, pos] = merge(good, table.get((key, pos), []))
            added += 1
        log.info("plain-English entries applied: %d", added)

    def add_british_spellings(self, table: dict[tuple[str, str], list[str]]) -> None:
        added = 0
        for lemma in sorted(self.vocab.lemmas):
            if not lemma.isalpha():
                continue
            for us, uk in BRITISH_ENDINGS:
                if not lemma.endswith(us) or len(lemma) <= len(us) + 2:
                    continue
                variant = lemma[: -len(us)] + uk
                if variant in self.vocab or self.zipf(variant) < 2.5:
                    continue
                for pos, wn_pos in WN_POS.items():
                    # the variant must name the same thing: WordNet lists it in a synset of the lemma
                    synsets = set(self.wn.synsets(lemma, wn_pos))
                    if not synsets or not synsets & set(self.wn.synsets(variant, wn_pos)):
                        continue
                    if not self.vocab.usable(lemma, pos):
                        continue
                    table[variant, pos] = merge([lemma], table.get((variant, pos), []))
                    added += 1
        log.info("British spelling entries: %d", added)


def merge(first: Iterable[str], rest: Iterable[str]) -> list[str]:
    out: list[str] = []
    for word in (*first, *rest):
        if word not in out:
            out.append(word)
    return out[:MAX_CANDIDATES]


def render(table: dict[tuple[str, str], list[str]], broad: dict[tuple[str, str], list[str]]) -> str:
    lines = [HEADER_COMMENT, "\t".join(COLUMNS)]
    for key, pos in sorted(table.keys() | broad.keys()):
        first = "|".join(table.get((key, pos), []))
        lines.append(f"{key}\t{pos}\t{first}\t{'|'.join(broad.get((key, pos), []))}")
    return "\n".join(lines) + "\n"


SPOT_CHECKS = (
    ("utilize", "VERB"),
    ("subsequently", "ADV"),
    ("commence", "VERB"),
    ("numerous", "ADJ"),
    ("assist", "VERB"),
    ("residence", "NOUN"),
    ("perch", "VERB"),
    ("obtain", "VERB"),
    ("infant", "NOUN"),
    ("automobile", "NOUN"),
    ("physician", "NOUN"),
    ("inquire", "VERB"),
    ("terminate", "VERB"),
    ("stroll", "VERB"),
    ("furious", "ADJ"),
    ("sob", "VERB"),
    ("beneficial", "ADJ"),
    ("immense", "ADJ"),
    ("modify", "VERB"),
    ("reside", "VERB"),
    ("comprehend", "VERB"),
    ("wealthy", "ADJ"),
    ("species", "NOUN"),
    ("toddler", "NOUN"),
    ("astonishing", "ADJ"),
    ("sickness", "NOUN"),
    ("attire", "NOUN"),
    ("facilitate", "VERB"),
    ("consequently", "ADV"),
    ("nonetheless", "ADV"),
    ("swiftly", "ADV"),
    ("gigantic", "ADJ"),
    ("purchaser", "NOUN"),
    ("endeavor", "VERB"),
    ("vessel", "NOUN"),
    ("inflation", "NOUN"),
    ("apnea", "NOUN"),
    ("gauge", "VERB"),
    ("irrespective", "ADV"),
    ("craving", "NOUN"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet-dir", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--vocab", type=Path, default=REPO_ROOT / "vocab" / "leaner-2k.tsv")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "vocab" / "substitutions.tsv")
    parser.add_argument(
        "--min-zipf",
        type=float,
        default=1.0,
        help="leave out keys rarer than this wordfreq Zipf frequency (default 1.0)",
    )
    parser.add_argument("--check", nargs="*", default=None, help="only print candidates for WORD/POS")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")

    vocab = read_vocabulary(args.vocab)
    log.info("vocabulary: %d lemmas, %d forms", len(vocab.lemmas), len(vocab.forms))
    with wordnet_reader(args.wordnet_dir) as wn:
        builder = LexiconBuilder(wn, vocab, args.min_zipf)
        if args.check is not None:
            for item in args.check:
                key, _, pos = item.partition("/")
                first, broad = builder.scored_tiers(key, pos or "NOUN")
                log.info("%s/%s", key, pos or "NOUN")
                log.info("  first: %s", " | ".join(f"{c.text} {c.score:.2f}" for c in first) or "(none)")
                log.info("  broad: %s", " | ".join(f"{c.text} {c.score:.2f}" for c in broad) or "(none)")
            return 0
        table, broad = builder.build()
    text = render(table, broad)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    keys = table.keys() | broad.keys()
    log.info("wrote %s: %d entries, %d bytes", args.out, len(keys), len(text.encode("utf-8")))
    for pos in WN_POS:
        log.info(
            "  %-4s %6d entries: %6d with first-tier candidates, %6d with broad ones, %6d broad only",
            pos,
            sum(k[1] == pos for k in keys),
            sum(k[1] == pos for k in table),
            sum(k[1] == pos for k in broad),
            sum(k[1] == pos for k in broad.keys() - table.keys()),
        )
    log.info("spot checks (first tier / broad tier):")
    for key, pos in SPOT_CHECKS:
        first = " | ".join(table.get((key, pos), ["(none)"]))
        log.info("  %-14s %-4s -> %s / %s", key, pos, first, " | ".join(broad.get((key, pos), ["(none)"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
