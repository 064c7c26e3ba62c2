//! Python module of bildungsnetz (filled by the Python module issue).
