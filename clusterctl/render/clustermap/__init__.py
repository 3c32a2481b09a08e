"""The cluster map: a pure layout step (``layout``) and a small SVG writer (``svg``)."""
