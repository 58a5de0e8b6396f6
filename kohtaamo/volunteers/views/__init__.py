"""The volunteer pages, one module per audience: the public (programme, application),
the volunteer (offers, assignments, availability, hours), the volunteer coordinator
(dashboard, applications, requests, expenses, kits) and the county's numbers."""
