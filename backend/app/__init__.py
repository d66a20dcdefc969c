"""The composition root: settings -> objects -> FastAPI app, CLI, supervisor, processes.

The only package that imports across every layer; nothing imports it.
"""
