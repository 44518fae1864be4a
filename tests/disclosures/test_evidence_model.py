from disclosures.models import Evidence


def test_saving_renders_the_body_once_and_again_when_it_changes(db, factory):
    year = factory.year(2569)
    item = factory.item(year, code="O1")
    evidence = factory.evidence(item, body="**สำคัญ** <script>x</script>", text_format="markdown")
    assert "<strong>สำคัญ</strong>" in evidence.body_html
    assert "<script>" not in evidence.body_html

    evidence.body = "ย่อหน้าเดียว"
    evidence.text_format = Evidence.TextFormat.PLAIN
    evidence.save(update_fields=["body", "text_format"])

    assert Evidence.objects.get(pk=evidence.pk).body_html == "<p>ย่อหน้าเดียว</p>"


def test_the_publication_date_moves_only_when_citizens_see_a_change(db, factory):
    from datetime import UTC, datetime

    year = factory.year(2569)
    evidence = factory.evidence(factory.item(year, code="O1"), title="ประกาศเดิม")
    earlier = datetime(2026, 1, 15, 3, tzinfo=UTC)
    Evidence.objects.filter(pk=evidence.pk).update(published_at=earlier)

    unchanged = Evidence.objects.get(pk=evidence.pk)
    unchanged.order = 5  # not something the page shows as a change
    unchanged.save()
    assert Evidence.objects.get(pk=evidence.pk).published_at == earlier

    edited = Evidence.objects.get(pk=evidence.pk)
    edited.title = "ประกาศฉบับแก้ไข"
    edited.save()
    assert Evidence.objects.get(pk=evidence.pk).published_at > earlier

    Evidence.objects.filter(pk=evidence.pk).update(published_at=earlier)
    binned = Evidence.objects.get(pk=evidence.pk)
    binned.move_to_bin()
    Evidence.all_objects.get(pk=evidence.pk).restore()  # shown again: a change
    assert Evidence.objects.get(pk=evidence.pk).published_at > earlier
