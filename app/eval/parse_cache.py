"""Parses kept on disk between eval runs: a rule is checked against the 840 train articles in
seconds rather than minutes (``make eval-fast``). The file is named by the pipeline and a hash
of the texts and the pipeline's components, so a new model, new components or new texts
parse again; nothing else is cached: every extractor
runs afresh over the stored parses."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin


def cached_docs(nlp: Language, texts: Sequence[str], folder: Path) -> list[Doc]:
    """The parses of ``texts``: read from ``folder`` when this pipeline parsed them before,
    otherwise parsed and stored there."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    # The pipeline's components are part of what a parse is (a component added before the
    # parser changes its trees).
    digest.update(",".join(nlp.pipe_names).encode())
    name = f"{nlp.meta['name']}-{nlp.meta['version']}-{digest.hexdigest()[:16]}.spacy"
    path = folder / name
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    folder.mkdir(parents=True, exist_ok=True)
    # The extractors' own caches (``Doc.user_data``) are not parses: left out.
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs
