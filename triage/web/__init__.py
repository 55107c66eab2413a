"""``triage serve``: the interview and the nurse's tools as a local web page, and a
JSON API (docs/web.md). Needs the ``web`` extra: ``pip install 'neutropenia-triage[web]'``.
"""

from triage.web.app import assessor, create_app, is_loopback

__all__ = ["assessor", "create_app", "is_loopback"]
