"""The identify tool's panel: what the user clicked on the map, with risk tables and hydrographs."""
