"""Readers turn files into ``ArticleText`` values, one reader per format.

``read_path`` walks files and directories and yields, in a stable order, either an article or a
``ReadFailure`` naming the item and the reason, so that one bad item never stops the others.
A new format is a function ``(path) -> Iterator[ArticleText | ReadFailure]`` added to ``READERS``.
"""

from app.readers.files import READERS, read_path
from app.readers.items import ReadFailure, ReadItem

__all__ = ["READERS", "ReadFailure", "ReadItem", "read_path"]
