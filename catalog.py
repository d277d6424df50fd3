"""Every job both front ends offer, by id. Each domain package defines its jobs in ``jobs.py``."""

from __future__ import annotations

from alerts.jobs import BoardJob, DrillJob, ShelterLoadJob
from demo.jobs import DemoGenerateJob
from evac_plans.jobs import AssessJob, RosterImportJob, ShelterImportJob, SheltersSummaryJob
from evac_plans.package.jobs import ExportJob, ImportChecksJob
from feeds.jobs import RiverStatusJob
from plateau_import.jobs import PlateauSummaryJob
from sources.jobs import HazardSampleJob
from weather.jobs import WeatherStatusJob
from jobs.base import Job

JOBS: tuple[type[Job], ...] = (DemoGenerateJob, PlateauSummaryJob, SheltersSummaryJob, ShelterImportJob, RosterImportJob, WeatherStatusJob, RiverStatusJob, HazardSampleJob, AssessJob, ExportJob, ImportChecksJob, BoardJob, ShelterLoadJob, DrillJob)


def job_by_id(job_id: str) -> type[Job]:
    """The job class with this id.

    Raises
    ------
    KeyError
        If no job has that id.
    """
    for job in JOBS:
        if job.id == job_id:
            return job
    raise KeyError(f"no job {job_id!r}; known: {', '.join(j.id for j in JOBS)}")
