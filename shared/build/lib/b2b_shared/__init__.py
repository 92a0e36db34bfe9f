"""Mechanism shared by every service of the suite; no domain models or event shapes live here."""
