"""The daily situation report: what came in over a period, for an audience, as HTML, PDF or Markdown.

``model`` gathers it from the store (every incident through ``exports.records``, so a bilateral report
holds only what the exchange's release function lets go), ``figures`` lays out its map and charts, and
``render`` writes the formats. The CLI is ``sarhad sitrep``; the web app serves it at ``/sitrep``.
"""
