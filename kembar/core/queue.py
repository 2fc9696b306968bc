"""Queue a background task by its dotted name (django-tasks; docs/adr/0012-tasks-and-feeds.md).

An app's `tasks.py` calls its services to do the work; a service that queues one of those tasks names it
here instead of importing `tasks.py`, so the app's modules form no cycle (kembar/core/tests/test_layers.py
holds them to it, and checks that every name given here is a task).
"""

from django.utils.module_loading import import_string


def enqueue(task: str, **kwargs):
    """Queue the task at the dotted path `task` (e.g. "kembar.reports.tasks.report_generate") with these
    JSON arguments; returns the backend's result."""
    return import_string(task).enqueue(**kwargs)
