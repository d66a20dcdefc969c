"""Issued documents: registers, rendering, electronic signature and public verification.

The domain modules here import no FastAPI; ``views`` (public verification) and ``api`` (the
officer routes) are the web edge, ``cli`` the ``halo pki`` / ``halo documents`` commands.
"""
