"""Excel workbooks: the submission format between focal points and the secretariat, and the
secretariat's annual report.

``writer`` turns a report into a workbook, ``reader`` a workbook back into a report (after
``safety`` has looked at the file as a hostile one); ``layout`` is the shape both agree on and
``cells`` keeps every character exact. ``consolidated`` writes the annual report from a
``ConsolidatedReport``, sharing ``rows``, ``styles``, ``table`` and ``workbook`` with the
submission writer. See docs/xlsx-format.md.
"""
