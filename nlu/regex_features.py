"""Rasa's regex features, each distinct pattern searched once per message.

``config.yml`` lists the keyword rules several times (``make_keywords.EMPHASIS``) and runs two
featurizers, so the one 80,000-character violence rule was searched eight times per parse: about
70 % of Rasa's CPU per message. The features are the same as ``RegexFeaturizer``'s, column for
column; only the searching is shared, within a message and between the two featurizers.

Rasa loads this module from ``nlu/`` (its working directory) as ``regex_features``; the app
never imports it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.shared.nlu.constants import ACTION_TEXT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message

SENTENCE_ATTRIBUTES = (RESPONSE, TEXT, ACTION_TEXT)
SPANS_CACHED = 2048  # (pattern, text) pairs: a few messages' worth for both featurizers


@lru_cache(maxsize=SPANS_CACHED)
def match_spans(pattern: str, flags: int, text: str) -> tuple[tuple[int, int], ...]:
    """Where ``pattern`` matches ``text`` (``re.finditer``'s matches), searched once."""
    return tuple(match.span() for match in re.finditer(pattern, text, flags=flags))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SharedRegexFeaturizer(RegexFeaturizer):
    """``RegexFeaturizer`` whose pattern searches go through ``match_spans``."""

    def _features_for_patterns(
        self, message: Message, attribute: str
    ) -> tuple[Any | None, Any | None]:
        """A token gets a pattern's column when a match overlaps it, and the sentence too
        (for text attributes); each token records which patterns it matched."""
        text = message.get(attribute)
        tokens = message.get(TOKENS_NAMES[attribute], []) if text else []
        if not tokens:
            return None, None
        flags = 0 if self.case_sensitive else re.IGNORECASE
        sequence = np.zeros([len(tokens), len(self.known_patterns)])
        for column, pattern in enumerate(self.known_patterns):
            spans = match_spans(pattern["pattern"], flags, text)
            for row, token in enumerate(tokens):
                hit = any(token.start < end and token.end > start for start, end in spans)
                matched = token.get("pattern", default={})
                matched[pattern["name"]] = hit
                token.set("pattern", matched)
                sequence[row, column] = float(hit)
        sentence = np.zeros([1, len(self.known_patterns)])
        if attribute in SENTENCE_ATTRIBUTES:
            sentence[0] = sequence.max(axis=0)
        return scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence)
