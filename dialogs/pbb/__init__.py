"""PBB-P2 bill lookup ("CEK TAGIHAN PBB"): models, penalties, gateways and the reply text.

``SyntheticPbbGateway`` (embedded, the default) and ``HttpPbbGateway`` (the regency's system)
both implement ``PbbGateway``; ``format_bills`` turns a result into a phone-sized reply.
"""
