"""A deployment check: the Thai text-layer fix only applies to the WeasyPrint it was tested on."""

import weasyprint
from django.core import checks

from .textlayer import TESTED_VERSION


@checks.register()
def weasyprint_version(app_configs=None, **kwargs):
    if weasyprint.__version__ == TESTED_VERSION:
        return []
    return [
        checks.Warning(
            f"WeasyPrint {weasyprint.__version__} is installed; the Thai text-layer fix in "
            f"reports/textlayer.py was tested with {TESTED_VERSION} and is not applied.",
            hint="Run tests/reports/test_text_layer.py against the new version, then move "
            "TESTED_VERSION.",
            id="reports.W001",
        )
    ]
