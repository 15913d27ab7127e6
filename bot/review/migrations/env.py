"""Alembic environment for the review area's tables."""
from alembic import context
from sqlalchemy import create_engine

from bot.review.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
connectable = config.attributes.get("connection")


def run() -> None:
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=Base.metadata, version_table="review_alembic_version")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, version_table="review_alembic_version")
        with context.begin_transaction():
            context.run_migrations()


run()
