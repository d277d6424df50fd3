"""Long work as jobs: one function, two front ends (the Qt window and the command line)."""

from jobs.base import Job, Param
from jobs.errors import Canceled, JobError
from jobs.feedback import Feedback, Problem

__all__ = ["Canceled", "Feedback", "Job", "JobError", "Param", "Problem"]
