"""Look-ups citeproc-py repeats for every entry, memoised for the styles sitegen.cite_csl loads.

citeproc-py walks a style's XML tree afresh for every entry: an XPath query for every macro,
enclosing layout, locale term and date form it needs, a search of the locales for every term and
option, and for every cs:group, whether each child calls a variable (a walk of the whole subtree).
These read only the style and its locales, which citeproc-py changes in two places once loaded,
and none of these look-ups depends on either: it adds a default cs:name to a cs:names that has
none, and copies a style date-part's attributes (never its name) into a locale's. So each answer
is kept per element of the tree, and the output is the same. Only trees passed to `adopt` are
memoised. Any other tree (citeproc-py used directly, as the tests do) behaves as released.

A cached answer keeps its element alive. So no other element can take its id(), and lxml hands
out the same Python object for that XML node for as long as one is alive.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from citeproc import CitationItem, model

_xpath_search = model.CitationStylesElement.xpath_search
_get_macro = model.CitationStylesElement.get_macro
_get_term = model.CitationStylesElement.get_term
_get_locale_option = model.CitationStylesElement.get_locale_option
_parent_calls_variable = model.Parent.calls_variable
_text_calls_variable = model.Text.calls_variable

# ids of the roots of adopted trees: the styles and their locales.
_TREES: set[int] = set()
_STYLES: dict[int, Any] = {}  # the roots themselves kept, so their ids stay theirs
_PER_STYLE: dict[tuple[Any, ...], Any] = {}
# id(element) -> (element, {question: answer}); the element is kept so the id stays its own.
_ANSWERS: dict[int, tuple[Any, dict[Any, Any]]] = {}


def adopt(style_root: Any) -> None:
    """Memoise look-ups on this loaded style's tree and its locales' trees from now on."""
    _STYLES[id(style_root)] = style_root
    _TREES.add(id(style_root))
    _TREES.update(id(locale.get_root()) for locale in style_root.locales)


def _answers(element: Any) -> dict[Any, Any] | None:
    # The answers kept for an element of an adopted tree; None for any other element.
    found = _ANSWERS.get(id(element))
    if found is not None:
        return found[1]
    if id(element.get_root()) not in _TREES:
        return None
    answers: dict[Any, Any] = {}
    _ANSWERS[id(element)] = (element, answers)
    return answers


def _xpath(self: Any, expression: str) -> Any:
    answers = _answers(self)
    if answers is None:
        return _xpath_search(self, expression)
    if expression not in answers:
        answers[expression] = tuple(_xpath_search(self, expression))
    return list(answers[expression])  # a new list every time, as lxml returns


def _per_style(original: Any, kind: str) -> Any:
    # A look-up whose answer is the same for every element of a style: it searches the style's
    # macros or its locales (a Locale's own elements search only that locale: not memoised).
    def lookup(self: Any, *args: Any, **kwargs: Any) -> Any:
        root = id(self.get_root())
        if root not in _STYLES:
            return original(self, *args, **kwargs)
        key = (root, kind, args, tuple(kwargs.items()))
        try:
            return _PER_STYLE[key]
        except KeyError:
            answer = _PER_STYLE[key] = original(self, *args, **kwargs)
            return answer
    return lookup


def _per_element(original: Any, kind: str) -> Any:
    def lookup(self: Any) -> Any:
        answers = _answers(self)
        if answers is None:
            return original(self)
        if kind not in answers:
            answers[kind] = original(self)
        return answers[kind]
    return lookup


class Item(CitationItem):  # type: ignore[misc]  # citeproc-py has no type hints
    """A citation item that finds its record once, not at every variable the style tests."""

    @cached_property
    def reference(self) -> Any:
        """The item's record in its bibliography's source (which never changes)."""
        return CitationItem.reference.fget(self)


model.CitationStylesElement.xpath_search = _xpath
model.CitationStylesElement.get_macro = _per_style(_get_macro, "macro")
model.CitationStylesElement.get_term = _per_style(_get_term, "term")
model.CitationStylesElement.get_locale_option = _per_style(_get_locale_option, "option")
# cs:group asks each child; a cs:choose or a macro asks all of its own children in turn.
model.Parent.calls_variable = _per_element(_parent_calls_variable, "calls-variable")
model.Text.calls_variable = _per_element(_text_calls_variable, "calls-variable")
