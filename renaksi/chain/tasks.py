"""Background tasks of the reporting chain (``django.tasks``, run by the huey worker)."""

from __future__ import annotations

from django.tasks import task

from renaksi.chain.snapshot import submission_pdf_make


@task
def submission_pdf_run(submission_id: int) -> str:
    """Lay out one submission's PDF from its snapshot."""
    submission = submission_pdf_make(submission_id=submission_id)
    if submission is None:
        return "gone"
    return "done" if submission.pdf else "failed"
