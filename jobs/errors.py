"""Exceptions shared by every job."""


class JobError(Exception):
    """Root of the errors a job raises on purpose."""


class Canceled(JobError):
    """The user canceled the job; it returns no partial result as success."""


class UsageError(JobError, ValueError):
    """The job was given parameters it cannot work with (exit code 2 on the command line)."""
