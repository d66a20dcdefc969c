"""PBB-P2 bill lookup ("CEK TAGIHAN PBB"): models, penalties, the port and the reply text.

``SyntheticPbbGateway`` (embedded, the default) implements the port ``PbbGateway`` here; the
regency's system is reached by the adapter ``bot.pbb.HttpPbbGateway``, and the composition root
(``backend.app.wiring.build_pbb``) picks one. ``format_bills`` turns a result into a
phone-sized reply.
"""
