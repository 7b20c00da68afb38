"""An RQ worker that loads the language model once and notices dead workers quickly.

RQ keeps each running job in a StartedJobRegistry entry that the worker's heartbeat renews;
when a worker dies (SIGKILL, power loss) the entry expires and any live worker's maintenance
pass re-queues the job under its ``Retry``. RQ's stock grace is 60 s past the heartbeat
interval; ``abandon_after`` makes it configurable.
"""

from __future__ import annotations

from rq import Worker
from rq.job import Job


class IngestWorker(Worker):
    abandon_after: int = 60

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        interval = int(self.job_monitoring_interval)
        if job.timeout and job.timeout > 0:
            interval = min(interval, max(1, int(job.timeout - working_time)))
        return interval + self.abandon_after
