"""Referral views, grouped by audience.

* :mod:`.pages`: the staff who send and receive referrals;
* :mod:`.client`: the public (the client's own link, asking for a culture advisor);
* :mod:`.types`: county coordinators, who configure their county's referral types;
* :mod:`.numbers`: the referral numbers and their exports;
* :mod:`.api`: client-information systems, through the REST API.
"""
