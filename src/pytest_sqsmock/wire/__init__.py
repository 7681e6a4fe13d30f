"""Wire protocols: bytes to (operation, params) and results or errors back to bytes."""
