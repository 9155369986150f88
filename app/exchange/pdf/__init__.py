"""PDF documents: Focal's typesetting engine (blocks in, pages out) and the submission PDF.

``document.build_pdf`` lays out a list of ``blocks`` on landscape pages with a running header
and "Page x of y" footer; ``submission.write_submission_pdf`` is one implementer's report.
"""

from app.exchange.pdf.document import BuildResult, DocumentSetup, build_pdf
from app.exchange.pdf.submission import PdfResult, write_submission_pdf

__all__ = ["BuildResult", "DocumentSetup", "PdfResult", "build_pdf", "write_submission_pdf"]
