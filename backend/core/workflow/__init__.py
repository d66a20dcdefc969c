"""The case workflow engine: runs cases through their SOP exactly as the catalog defines it."""
