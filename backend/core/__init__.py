"""The domain core: catalog, workflow, models, infrastructure, neutral messages, policies.

It imports none of bot/, dialogs/, handoff/, nlu/ and no web framework.
"""
