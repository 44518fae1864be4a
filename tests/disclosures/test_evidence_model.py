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
