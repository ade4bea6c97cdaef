"""Alembic environment: runs on the engine handed over by ``sarhad.store.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from sarhad.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):  # invoked by the alembic CLI (e.g. to autogenerate)
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///sarhad.db")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
