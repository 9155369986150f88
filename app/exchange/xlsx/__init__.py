"""Excel workbooks: the submission format between focal points and the secretariat.

``writer`` turns a report into a workbook, ``reader`` a workbook back into a report (after
``safety`` has looked at the file as a hostile one); ``layout`` is the shape both agree on and
``cells`` keeps every character exact. See docs/xlsx-format.md.
"""
