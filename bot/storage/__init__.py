"""Where conversations are kept: preparing the tracker-store database before Rasa
starts (tracker_db) and deleting conversations past RETENTION_DAYS (retention)."""
