"""Finding a page's main content: what to drop (site furniture, hidden elements) and where to start.

Sites mark furniture in two ways: semantic elements (`nav`, `footer`, `aside`) and ids/classes
(Asciidoctor's `#toc`, `#footer`; `site-nav`, `breadcrumbs`), so both are checked. A `header` is
kept when it holds the page's `h1`: generated manuals put the document title there.
"""

from __future__ import annotations

import re
from typing import Any

DROP_TAGS = frozenset(
    "script style noscript template nav footer aside form button select input textarea label iframe "
    "svg canvas object embed menu dialog head title meta link".split())
FURNITURE_ROLES = frozenset("navigation contentinfo complementary search menu menubar dialog".split())
_FURNITURE_WORDS = frozenset(
    "nav navbar navigation menu menubar toc sidebar footer breadcrumb breadcrumbs cookie cookies "
    "social share sharing skip skiplink pagination pager related advert ads banner".split())
_HEADER_WORDS = frozenset({"header", "masthead"})
KEEP_TAGS = frozenset({"html", "body", "main"})
"""Never dropped, whatever their classes say (Asciidoctor gives `body` the class `toc2`)."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


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
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(el.get("style", "")):
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


def main_content(root: Any) -> Any:
    """The `main` element (or `role=main`) when the page has one, else the body."""
    found = root.xpath("//main | //*[@role='main']")
    if found:
        return found[0]
    body = root.find("body")
    return body if body is not None else root
