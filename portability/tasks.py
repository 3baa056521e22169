"""Background work: inline with the default backend, on `manage.py db_worker` with REVIEWHUB_TASKS_BACKEND=database."""

from django_tasks import task

from portability import jobs


@task()
def build_export(export_id: int) -> None:
    jobs.export_build(export_id=export_id)


@task()
def run_import(job_id: int) -> None:
    jobs.import_run(job_id=job_id)
