"""The command-line adapter: parse arguments, call the core, hand results to the renderer."""
