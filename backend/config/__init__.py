# The task queue's application, loaded with Django so that every ``shared_task`` uses it.
from config.celery import app as celery_app

__all__ = ("celery_app",)
