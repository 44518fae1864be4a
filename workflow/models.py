"""The recoverable evidence bin.

Deleting evidence in the back office only moves it to the bin (Evidence.move_to_bin): it
leaves every public page and readiness count, because Evidence.objects hides it. The bin is
a proxy of Evidence that shows exactly those rows, so that staff can restore them or purge
them for good.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from disclosures.models import Evidence, EvidenceQuerySet


class BinnedEvidenceQuerySet(EvidenceQuerySet):
    """Binned evidence, with what can be done to it.

    Both operations work on Evidence rows, not on the proxy: Django sends a proxy's save and
    delete signals with the proxy as sender, and history and file cleanup listen to Evidence.
    """

    def _as_evidence(self):
        return Evidence.all_objects.filter(pk__in=self.values("pk"), deleted_at__isnull=False)

    def restore(self) -> int:
        """Put the evidence back on its items (saved one by one, so history records it)."""
        restored = 0
        for evidence in self._as_evidence():
            evidence.restore()
            restored += 1
        return restored

    def purge(self) -> int:
        """Delete for good, with the evidence's history: nothing can bring it back, and the
        files that no other evidence or version names are removed (see disclosures.models)."""
        ids = list(self.values_list("pk", flat=True))
        with transaction.atomic():
            Evidence.all_objects.filter(pk__in=ids, deleted_at__isnull=False).delete()
            Evidence.history.filter(id__in=ids).delete()
        return len(ids)


class BinnedEvidenceManager(models.Manager.from_queryset(BinnedEvidenceQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=False)


class BinnedEvidence(Evidence):
    """Evidence in the bin: deleted by staff, still recoverable until purged."""

    objects = BinnedEvidenceManager()

    class Meta:
        proxy = True
        verbose_name = _("หลักฐานที่ถูกลบ (กู้คืนได้)")
        verbose_name_plural = _("หลักฐานที่ถูกลบ (กู้คืนได้)")
        ordering = ["-deleted_at", "pk"]
        default_manager_name = "objects"
