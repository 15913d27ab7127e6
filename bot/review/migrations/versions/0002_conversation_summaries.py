"""Per-conversation summaries for fast filtering (derived from Rasa's events; no message text).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_summary",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("audience", sa.String(10), nullable=False, index=True),
        sa.Column("started", sa.Float, nullable=False, index=True),
        sa.Column("last", sa.Float, nullable=False),
        sa.Column("user_turns", sa.Integer, nullable=False, server_default="0"),
        sa.Column("topics", sa.Text, nullable=False, server_default=""),
        sa.Column("min_confidence", sa.Float, nullable=True, index=True),
        sa.Column("fallback", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
        sa.Column("negative_feedback", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
        sa.Column("positive_feedback", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "review_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_meta")
    op.drop_table("review_summary")
