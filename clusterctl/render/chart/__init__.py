"""Charts: a pure layout step (``layout.py``: results in, positioned shapes and label boxes
out) and a small writer that turns the shapes into SVG (``svg.py``)."""
