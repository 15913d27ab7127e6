"""`make eval`: measured figures on held-out sets that are never trained on."""
