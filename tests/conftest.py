"""Test-session setup shared by every test module."""

from __future__ import annotations

import sys

# As in a build process (gutang_analysis.build._skip_slow_optional_imports): nbformat's
# jsonschema would otherwise import rfc3987_syntax, which compiles 39 grammars at import
# (seconds per session, python-jsonschema/jsonschema#1428); no test checks IRI formats.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
