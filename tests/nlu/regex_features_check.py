"""Run by tests/nlu/test_regex_features.py with nlu/.venv's Python, in nlu/: Rasa's
``RegexFeaturizer`` and ``SharedRegexFeaturizer`` over every training example, and the
searches one message costs two shared featurizers. Prints one JSON object."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

sys.path.insert(0, ".")
import regex_features  # noqa: E402

CONFIG = {**RegexFeaturizer.get_default_config(), "case_sensitive": False}
TOKENIZER = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


def trained(cls: type, name: str, storage: LocalModelStorage, data: object) -> RegexFeaturizer:
    featurizer = cls.create(CONFIG, storage, Resource(name), ExecutionContext(None, node_name=name))
    featurizer.train(data)
    return featurizer


def features(featurizers: list[RegexFeaturizer], text: str) -> tuple:
    message = Message(data={"text": text})
    TOKENIZER.process([message])
    for featurizer in featurizers:
        featurizer.process([message])
    sequence, sentence = message.get_sparse_features("text")
    marks = [token.get("pattern") for token in message.get("text_tokens")]
    return sequence.features.toarray(), sentence.features.toarray(), marks


def main() -> None:
    data = load_data("data")
    storage = LocalModelStorage(Path(tempfile.mkdtemp()))
    rasa = trained(RegexFeaturizer, "rasa", storage, data)
    shared = trained(regex_features.SharedRegexFeaturizer, "shared", storage, data)
    texts = [example.get("text") for example in data.intent_examples]
    differ = []
    for text in texts:
        (seq_a, sen_a, marks_a), (seq_b, sen_b, marks_b) = (
            features([rasa], text), features([shared], text))
        if not (np.array_equal(seq_a, seq_b) and np.array_equal(sen_a, sen_b)
                and marks_a == marks_b):
            differ.append(text)
    regex_features.match_spans.cache_clear()
    features([shared, trained(regex_features.SharedRegexFeaturizer, "second", storage, data)],
             "anak sy dipukuli bapak tirinya")
    searched = regex_features.match_spans.cache_info()
    print(json.dumps({
        "compared": len(texts), "differ": differ[:5], "columns": len(shared.known_patterns),
        "distinct": len({pattern["pattern"] for pattern in shared.known_patterns}),
        "searches": searched.misses, "reused": searched.hits,
        "violence_hits": int(features([shared], "anak sy dipukuli bapak tirinya")[1].sum()),
    }))


if __name__ == "__main__":
    main()
