"""The site's one search: words cut by jieba when a row is saved, matched with LIKE.

Chinese is written without spaces, so neither a plain substring match on a whole
query ("中山灯饰企业") nor PostgreSQL's text-search configurations find what a reader
means. Each searchable model keeps two columns of its own, filled on save:
`search_title` (its title or names) and `search_text` (everything searchable, in
both languages), each a run of lower-case words separated by spaces. A query is cut
the same way, and every word must match, so SQLite and PostgreSQL find the same
rows. Rows whose title matches every word come first; a model may name other
columns that rank a row higher (`search_weights`: the directory's products).

- A Chinese word matches inside a longer one (灯 finds 吊灯).
- A Latin word of up to three letters matches a whole word only (`LED` finds LED
  panels and not "ledger", `CE` finds the CE mark and not "ceiling").
- A longer Latin word matches the start of a word, after plain English endings
  are dropped on both sides (`exporting lamp` finds "exports lamps").

Public surface: `SearchQuerySet.search(query)` on each searchable model's
queryset (`Release.objects.published().search("吊灯")`), and `SearchFilter` for a
list's `?q=`; the site-wide search page calls those, never the columns directly.
"""

import bisect
import difflib
import html
import itertools
import re
from collections.abc import Iterable

import django_filters
import jieba
from django.db import models
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

# jieba prints its dictionary loading to stderr otherwise.
jieba.setLogLevel(60)

# Each word is a LIKE clause per column; past a few words a query only gets slower.
MAX_TERMS = 8
# A Latin word this short is a code or a mark (LED, CE, UL, CCC): whole words only.
SHORT_WORD = 3
# In an index held in memory (Vocabulary), a Latin word of this many letters
# or more that matches nothing finds the words it differs from by a letter or
# two (difflib's ratio).
MISSPELT_FROM = 5
MISSPELT_CUTOFF = 0.8
_WORD = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ENDINGS = ("ing", "ed", "es", "s")
_TAG = re.compile(r"<[^>]*>")


def _stem(word: str) -> str:
    """Drop one plain English ending (lamps, exporting), keeping three letters."""
    for ending in _ENDINGS:
        if (
            word.endswith(ending)
            and len(word) - len(ending) >= SHORT_WORD
            and not word.endswith("ss")
        ):
            return word[: -len(ending)]
    return word


def load_dictionary() -> None:
    """Load jieba's dictionary now (about half a second) rather than in the
    first search or save a process serves."""
    jieba.initialize()


def words(text: str, *, for_index: bool = True) -> list[str]:
    """The words of a text as the index holds them: lower case, stemmed, Chinese
    cut by jieba (every sub-word too when indexing, so 博览会 finds 博览)."""
    cut = jieba.cut_for_search if for_index else jieba.cut
    found = []
    for token in cut(text.lower()):
        for word in _WORD.findall(token):
            found.append(word if _HAN.search(word) else _stem(word))
    return found


def index_text(texts: Iterable[str | None]) -> str:
    """One index column's value: the words of every text, space-separated, with a
    space at each end so that a whole word is always matched as " word "."""
    found = []
    for text in texts:
        if text:
            # A tag separates words: <p>a</p><p>b</p> is two paragraphs, not "ab".
            found += words(html.unescape(_TAG.sub(" ", str(text))))
    return f" {' '.join(found)} " if found else ""


def query_terms(query: str) -> list[str]:
    """The words a query must all match (the first MAX_TERMS of them)."""
    # Past the first few words a query only gets slower: the rest are not read.
    return list(dict.fromkeys(words(query, for_index=False)[:MAX_TERMS]))


def _term_matches(field: str, term: str) -> Q:
    if _HAN.search(term):
        return Q(**{f"{field}__contains": term})
    if len(term) <= SHORT_WORD:
        return Q(**{f"{field}__contains": f" {term} "})
    return Q(**{f"{field}__contains": f" {term}"})


class Vocabulary:
    """The words of an index column held in memory, to find those a query word
    matches exactly as `_term_matches` does in SQL, without a scan per word:
    a Chinese word inside a longer one, a short Latin word whole, a longer one
    at a word's start (a sorted list: a binary search)."""

    def __init__(self, words: Iterable[str]):
        self.ordered = sorted(words)
        self.known = set(self.ordered)
        self.han = [word for word in self.ordered if _HAN.search(word)]

    def matching(self, term: str) -> list[str]:
        if _HAN.search(term):
            return [word for word in self.han if term in word]
        if len(term) <= SHORT_WORD:
            return [term] if term in self.known else []
        found = []
        for word in itertools.islice(
            self.ordered, bisect.bisect_left(self.ordered, term), None
        ):
            if not word.startswith(term):
                break
            found.append(word)
        if not found and len(term) >= MISSPELT_FROM:
            # A word found nowhere is taken for a misspelling of the closest
            # words ("chandelir", "flodlight"): a buyer typing in a hurry still
            # finds the firm. Only a word matching nothing costs this search.
            found = difflib.get_close_matches(
                term, self.ordered, n=3, cutoff=MISSPELT_CUTOFF
            )
        return found


class SearchQuerySet(models.QuerySet):
    def search(self, query: str):
        """Rows matching every word of the query, ranked (annotated
        `search_rank`): the sum of the model's `search_weights` of each index
        column that matches every word too; an empty query matches nothing."""
        terms = query_terms(query)
        if not terms:
            # Still annotated: callers read `search_rank` whatever the query was.
            return self.annotate(search_rank=Value(0, IntegerField())).none()
        in_text = Q()
        for term in terms:
            in_text &= _term_matches("search_text", term)
        rank = Value(0)
        for column, weight in self.model.search_weights.items():
            in_column = Q()
            for term in terms:
                in_column &= _term_matches(column, term)
            rank += Case(When(in_column, then=Value(weight)), default=Value(0))
        ordering = self.query.order_by or self.model._meta.ordering
        return (
            self.filter(in_text)
            .annotate(search_rank=ExpressionWrapper(rank, output_field=IntegerField()))
            .order_by("-search_rank", *ordering)
        )


class SearchIndexedModel(models.Model):
    """A model the site's search finds: two index columns it fills on save."""

    search_title = models.TextField(
        _("search index: title"), blank=True, default="", editable=False
    )
    search_text = models.TextField(
        _("search index: text"), blank=True, default="", editable=False
    )

    # Columns besides `search_text` whose match ranks a row higher, with how
    # much: the title, and any column a model adds (update_search_index).
    search_weights = {"search_title": 1}

    class Meta:
        abstract = True

    def search_documents(self) -> tuple[list[str], list[str]]:
        """(title texts, other texts) to index; the title is also searched as text."""
        raise NotImplementedError

    def update_search_index(self) -> None:
        """Fill both index columns from the row's current texts (without saving)."""
        titles, others = self.search_documents()
        self.search_title = index_text(titles)
        self.search_text = index_text([*titles, *others])


class SearchFilter(django_filters.CharFilter):
    """A `?q=` filter of a list whose model is a SearchIndexedModel: the model's
    `search()` (every word, title matches first). Its `max_length` bounds what is
    read; a longer text is a form error."""

    def filter(self, queryset: models.QuerySet, value: str) -> models.QuerySet:
        if not value:
            return queryset
        return queryset.search(value)
