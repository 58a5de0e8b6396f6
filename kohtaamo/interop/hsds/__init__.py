"""The catalogue as an Open Referral HSDS 3.0 API (docs/hsds-profile.md, decision 0020).

Read-only and public: only published services, the organisations that publish them and
the places they are offered at. Nothing is stored for HSDS: every object is built from
the catalogue on request, with identifiers worked out from our own keys (``ids``).
"""
