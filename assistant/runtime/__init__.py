"""What runs around the model in the Rasa server: the gateway's input channel, the
conversation-length limit, and the tracker and lock stores (endpoints.yml)."""
