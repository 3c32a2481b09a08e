"""One small module per command (or family of listing commands)."""
