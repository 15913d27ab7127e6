"""Custom actions of the Prevent assistant (run by the rasa-sdk action server)."""
