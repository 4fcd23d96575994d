"""Finding a page's main content: what to drop (site furniture, hidden elements) and where to start.

Sites mark furniture in two ways: semantic elements (`nav`, `footer`, `aside`) and ids/classes
(Asciidoctor's `#toc`, `#footer`; `site-nav`, `breadcrumbs`), so both are checked. A `header` is
kept when it holds the page's `h1`: generated manuals put the document title there. Furniture is
visible and dropped silently; hidden elements (rag.ingest.readers.html_hidden) are text a reader of
the page never sees, so what they held is counted for the index report.
"""

from __future__ import annotations

import re
from typing import Any

from rag.ingest.readers.html_hidden import Stylesheet, hidden_elements

DROP_TAGS = frozenset(
    "script style nav footer aside form button select input textarea label iframe "
    "svg canvas object embed menu dialog head title meta link".split())
FURNITURE_ROLES = frozenset("navigation contentinfo complementary search menu menubar dialog".split())
_FURNITURE_WORDS = frozenset(
    "nav navbar navigation menu menubar toc sidebar footer breadcrumb breadcrumbs cookie cookies "
    "social share sharing skip skiplink pagination pager related advert ads banner".split())
_HEADER_WORDS = frozenset({"header", "masthead"})
KEEP_TAGS = frozenset({"html", "body", "main"})
"""Never dropped, whatever their classes say (Asciidoctor gives `body` the class `toc2`)."""


def _names_have(value: str, words: frozenset[str]) -> bool:
    """An id/class such as `toc`, `toc2`, `site-nav`, `main_menu` or `footer-text` names furniture."""
    for token in value.lower().split():
        if any(re.sub(r"\d+$", "", part) in words for part in re.split(r"[-_]", token)):
            return True
    return False


def _drop(el: Any) -> bool:
    tag = el.tag.lower()
    if tag in KEEP_TAGS:
        return False
    if tag in DROP_TAGS:
        return True
    role = el.get("role", "").lower()
    names = f"{el.get('id', '')} {el.get('class', '')}"
    if tag == "header" or role == "banner" or _names_have(names, _HEADER_WORDS):
        return not el.xpath(".//h1")
    return role in FURNITURE_ROLES or _names_have(names, _FURNITURE_WORDS)


def drop_furniture(root: Any) -> None:
    """Remove furniture in place; text that follows a removed element (its tail) is kept."""
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el is not root and _drop(el)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def drop_hidden(root: Any, rules: Stylesheet) -> int:
    """Remove the hidden elements in place (their tails are kept); the number of characters of text
    they held within the main content (whitespace runs counted once), which a reader would never
    have seen. Hidden parts of the site around it are dropped without being counted."""
    content = main_content(root)
    removed = 0
    for el in hidden_elements(root, rules):
        if el is content or _inside(el, content) or _inside(content, el):
            removed += len(" ".join(el.text_content().split()))
        if el.getparent() is not None:
            el.drop_tree()
    return removed


def _inside(el: Any, ancestor: Any) -> bool:
    return any(parent is ancestor for parent in el.iterancestors())


def main_content(root: Any) -> Any:
    """The `main` element (or `role=main`) when the page has one, else the body."""
    found = root.xpath("//main | //*[@role='main']")
    if found:
        return found[0]
    body = root.find("body")
    return body if body is not None else root
