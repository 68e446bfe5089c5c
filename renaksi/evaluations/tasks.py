"""Background tasks of the evaluations app (``django.tasks`` on huey)."""

from django.tasks import task

from .documents import document_execute


@task
def evaluation_document_run(doc_id: int) -> str:
    doc = document_execute(doc_id=doc_id)
    return doc.status if doc is not None else "skipped"
