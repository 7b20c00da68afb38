"""Every ORM model, imported in one place: one metadata for Alembic and the tests."""

from app.articles.models import Article, ArticleAuthor
from app.db.base import Base
from app.db.revision import DataRevision
from app.places.models import Place, PlaceMention
from app.quotes.models import Quote
from app.speakers.models import Speaker, SpeakerAlias, SpeakerExternalId

__all__ = [
    "Article",
    "ArticleAuthor",
    "Base",
    "DataRevision",
    "Place",
    "PlaceMention",
    "Quote",
    "Speaker",
    "SpeakerAlias",
    "SpeakerExternalId",
]
