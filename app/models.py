"""Every ORM model, imported in one place: one metadata for Alembic and the tests."""

from app.articles.models import Article, ArticleDeletion
from app.db.base import Base
from app.places.models import Place, PlaceMention
from app.quotes.models import Quote, Speaker, SpeakerAlias

__all__ = [
    "Article",
    "ArticleDeletion",
    "Base",
    "Place",
    "PlaceMention",
    "Quote",
    "Speaker",
    "SpeakerAlias",
]
