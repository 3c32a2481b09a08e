"""The one rendering layer: results in, bytes on stdout out. Nothing else in clusterctl prints."""
