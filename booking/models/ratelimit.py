from django.db import models


class RateLimitHit(models.Model):
    """One request counted against a per-IP limit. Only a salted hash of the IP is kept, and
    rows older than a few days are purged by the periodic jobs."""

    wagtail_reference_index_ignore = True  # not content (see Appointment)

    scope = models.CharField(max_length=40)
    ip_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "ip_hash", "created_at"])]

    def __str__(self):
        return f"{self.scope} · {self.created_at:%d/%m/%Y %H:%M}"
