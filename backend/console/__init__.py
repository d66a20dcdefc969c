"""Officer console: server-rendered pages over the workflow engine (issue 7)."""
