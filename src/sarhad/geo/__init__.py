"""The border itself: line, sectors, crossings, a point locator and a gazetteer of border places.

* ``sarhad.geo.border``: ``load_border(("PK", "IR"))`` -> ``Border`` with ``locate`` / ``locate_many``.
* ``sarhad.geo.gazetteer``: ``load_gazetteer(("PK", "IR")).geocode("Mirjawa")``.
* ``sarhad.geo.cli``: ``register(app)`` adds ``sarhad border`` and ``sarhad geocode``.

Nothing is imported here: loading the data costs time, so callers import the module they need.
"""
