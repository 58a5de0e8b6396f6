"""The culture card's pages, one module per audience: the distributor who issues cards,
the professional who books for a holder (``helper``), the venue and its door, the holder
on their phone, and the coordinator's numbers (``stats``)."""
