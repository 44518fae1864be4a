"""Give the years that already exist the reference bands and ratings."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import migrations


def seed(apps, schema_editor):
    FiscalYear = apps.get_model("disclosures", "FiscalYear")
    ScoreBand = apps.get_model("measures", "ScoreBand")
    RatingRule = apps.get_model("measures", "RatingRule")
    data = yaml.safe_load(
        (Path(settings.BASE_DIR) / "catalogs" / "scoring.yaml").read_text(encoding="utf-8")
    )
    for year in FiscalYear.objects.all():
        if not ScoreBand.objects.filter(year=year).exists():
            for band in data["bands"]:
                ScoreBand.objects.create(
                    year=year, letter=band["letter"], min_score=Decimal(str(band["min"]))
                )
        if not RatingRule.objects.filter(year=year).exists():
            for rule in data["ratings"]:
                each = rule.get("min_each_instrument")
                RatingRule.objects.create(
                    year=year,
                    name=rule["name"],
                    min_total=Decimal(str(rule["min_total"])),
                    min_each_instrument=Decimal(str(each)) if each is not None else None,
                    passes=rule.get("passes", True),
                )


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial"), ("disclosures", "0003_evidence_body_html")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
