"""Halo Lamsel NLU: the Rasa project, its client with a local fallback, and the halo nlu CLI."""
