"""Okapi BM25 over sparse term counts: kept on disk, loaded in one read, updated file by file.

Rebuilding BM25 from every chunk at start-up costs minutes at a hundred thousand chunks (reading
them all from the store, tokenising each) and scoring them in a Python loop costs a second a query.
Here the counts are a column-compressed sparse matrix (rows: chunks, columns: terms), so a query
touches only the rows of its own terms; the statistics that change with the corpus (document
frequencies, the number of rows, the mean length) are derived whenever the rows change, never
stored, so adding or removing a file's rows gives exactly the scores of a fresh build. Removed rows
are masked, and dropped once they are a quarter of the matrix.

The whole index is one `.npz` file, written to a temporary name and renamed: a reader in another
process sees the old or the new version, never half of one.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from rag.search.lexical import tokenize

_FORMAT = 1
_COMPACT_AT = 0.25
"""Share of dead rows at which they are dropped from the matrix."""


class BM25:
    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        from scipy import sparse

        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        self.ids: list[str] = []
        self.groups: list[str] = []
        """What each row belongs to (a file path): rows are removed by group."""
        self.counts = sparse.csc_matrix((0, 0), dtype=np.float32)
        self.lengths = np.zeros(0, dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.meta: dict[str, object] = {}
        """Whatever the owner keeps with the index (which file versions it holds)."""
        self._derive()

    @classmethod
    def of(cls, texts: Sequence[str], group: str = "") -> BM25:
        """An index of `texts`: row n, with id str(n), for texts[n]."""
        index = cls()
        index.add((str(n), group, t) for n, t in enumerate(texts))
        return index

    def __len__(self) -> int:
        return int(self.alive.sum())

    def add(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Append (id, group, text) rows."""
        from scipy import sparse

        row_of, col_of, data, lengths = [], [], [], []
        for n, (row_id, group, text) in enumerate(rows):
            tf = Counter(tokenize(text))
            self.ids.append(row_id)
            self.groups.append(group)
            lengths.append(sum(tf.values()))
            for term, count in tf.items():
                row_of.append(n)
                col_of.append(self.vocab.setdefault(term, len(self.vocab)))
                data.append(count)
        if not lengths:
            return
        fresh = sparse.csc_matrix(
            (np.asarray(data, dtype=np.float32),
             (np.asarray(row_of, dtype=np.int64), np.asarray(col_of, dtype=np.int64))),
            shape=(len(lengths), len(self.vocab)))
        old = self.counts
        old.resize((old.shape[0], len(self.vocab)))
        self.counts = sparse.vstack([old, fresh], format="csc", dtype=np.float32)
        self.lengths = np.concatenate([self.lengths, np.asarray(lengths, dtype=np.float32)])
        self.alive = np.concatenate([self.alive, np.ones(len(lengths), dtype=bool)])
        self._derive()

    def remove(self, groups: Iterable[str]) -> int:
        """Drop the rows of these groups; the number dropped."""
        wanted = set(groups)
        dead = [n for n, g in enumerate(self.groups) if g in wanted and self.alive[n]]
        if not dead:
            return 0
        self.alive[dead] = False
        if (~self.alive).sum() >= _COMPACT_AT * len(self.alive):
            self._compact()
        self._derive()
        return len(dead)

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive)
        self.counts = self.counts[keep]
        self.lengths = self.lengths[keep]
        self.ids = [self.ids[n] for n in keep]
        self.groups = [self.groups[n] for n in keep]
        self.alive = np.ones(len(keep), dtype=bool)

    def _derive(self) -> None:
        """Document frequencies, idf and the length norm of the live rows."""
        counts = self.counts
        live_rows = self.alive[counts.indices] if counts.nnz else np.zeros(0, dtype=bool)
        per_column = np.diff(counts.indptr)
        columns = np.repeat(np.arange(counts.shape[1]), per_column)
        df = np.bincount(columns[live_rows], minlength=counts.shape[1]).astype(np.float64)
        n = float(self.alive.sum())
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        mean = float(self.lengths[self.alive].mean()) if n else 1.0
        self._norm = (self.k1 * (1 - self.b + self.b * self.lengths / (mean or 1.0))
                      ).astype(np.float32)
        self._df = df

    def scores(self, query: str, rows: np.ndarray | None = None) -> np.ndarray:
        """The BM25 score of every row (0 for dead rows, rows sharing no term, and rows outside
        `rows`, a boolean mask, when given)."""
        out = np.zeros(len(self.ids), dtype=np.float32)
        counts = self.counts
        for term in dict.fromkeys(tokenize(query)):
            col = self.vocab.get(term)
            if col is None or not self._df[col]:
                continue
            lo, hi = counts.indptr[col], counts.indptr[col + 1]
            having, tf = counts.indices[lo:hi], counts.data[lo:hi]
            out[having] += self.idf[col] * tf * (self.k1 + 1) / (tf + self._norm[having])
        out[~self.alive] = 0.0
        if rows is not None:
            out[~rows] = 0.0
        return out

    def top(self, query: str, n: int, rows: np.ndarray | None = None,
            key: Callable[[str], str] | None = None) -> list[tuple[str, float]]:
        """Best `n` (id, score) pairs with a positive score, best first (of `rows` only); with
        `key`, one row per key (the best): copies of a text score alike and would take every
        place."""
        scores = self.scores(query, rows)
        positive = np.flatnonzero(scores > 0)
        if n <= 0 or not len(positive):
            return []
        want = n
        while True:
            part = positive
            if len(positive) > want:
                part = positive[np.argpartition(-scores[positive], want - 1)[:want]]
            best = sorted(part.tolist(), key=lambda r: (-scores[r], r))
            if key is not None:
                best = _first_of_each(best, [key(self.ids[r]) for r in best])
            if len(best) >= n or len(part) == len(positive):
                return [(self.ids[r], float(scores[r])) for r in best[:n]]
            want *= 4

    def save(self, path: Path) -> None:
        """Write atomically: readers in other processes see the old index or the new one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if (~self.alive).any():
            self._compact()
            self._derive()
        c = self.counts
        header = {"format": _FORMAT, "k1": self.k1, "b": self.b, "meta": self.meta,
                  "shape": list(c.shape)}
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, header=np.asarray(json.dumps(header)), indptr=c.indptr,
                     indices=c.indices, data=c.data, lengths=self.lengths,
                     ids=np.asarray(self.ids, dtype=str), groups=np.asarray(self.groups, dtype=str),
                     terms=np.asarray(terms, dtype=str))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> BM25 | None:
        """The saved index, or None when there is none or it is unreadable or of another format
        (it is derived data: the caller builds it again)."""
        from scipy import sparse

        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(str(z["header"]))
                if header.get("format") != _FORMAT:
                    return None
                index = cls(header["k1"], header["b"])
                index.counts = sparse.csc_matrix(
                    (z["data"], z["indices"], z["indptr"]), shape=tuple(header["shape"]))
                index.lengths = z["lengths"]
                index.ids = z["ids"].tolist()
                index.groups = z["groups"].tolist()
                index.vocab = {t: n for n, t in enumerate(z["terms"].tolist())}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            return None
        index.meta = header.get("meta", {})
        index.alive = np.ones(len(index.ids), dtype=bool)
        index._derive()
        return index


def _first_of_each(rows: list[int], keys: list[str]) -> list[int]:
    seen: set[str] = set()
    out = []
    for row, k in zip(rows, keys, strict=True):
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out
